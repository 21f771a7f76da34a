// Progressive enhancement of the vote buttons: the plain form POST works without this file.
document.addEventListener("submit", async (event) => {
  const form = event.target.closest("[data-vote-form]");
  if (!form) return;
  event.preventDefault();
  const button = form.querySelector("button");
  const action = form.querySelector("input[name=action]");
  button.disabled = true;
  try {
    // Not form.action: the form's <input name="action"> shadows that property.
    const response = await fetch(form.getAttribute("action"), {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (response.status === 401) {
      window.location.href = "/accounts/login/?next=" + encodeURIComponent(window.location.pathname);
      return;
    }
    const data = await response.json();
    if (!response.ok) {
      window.alert(data.error.message);
      return;
    }
    form.querySelector("[data-vote-count]").textContent = data.vote_count;
    button.classList.toggle("voted", data.voted);
    button.setAttribute("aria-pressed", String(data.voted));
    form.querySelector(".vote-label").textContent = data.voted
      ? button.dataset.labelRemove : button.dataset.labelAdd;
    action.value = data.voted ? "remove" : "add";
  } catch (error) {
    form.submit();
  } finally {
    button.disabled = false;
  }
});
