// The idea form's "Similar ideas" panel: 300 ms after the customer stops typing the title,
// ask /search/similar/ and list the ideas that already exist, so they can vote for one
// instead of posting a duplicate. Without this file the form works the same, minus the panel.
(() => {
  const DELAY_MS = 300;
  const MIN_LENGTH = 4;

  function render(panel, results) {
    panel.replaceChildren();
    if (!results.length) return;
    const heading = document.createElement("h2");
    heading.textContent = panel.dataset.heading;
    const list = document.createElement("ul");
    for (const idea of results) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = idea.url;
      link.textContent = idea.title;
      const meta = document.createElement("span");
      meta.className = "meta";
      const votes = idea.votes === 1 ? panel.dataset.voteOne : panel.dataset.voteMany;
      meta.textContent = `${idea.votes} ${votes} · ${idea.status_label || idea.status}`;
      item.append(link, meta);
      list.append(item);
    }
    panel.append(heading, list);
  }

  function watch(panel) {
    const input = document.getElementById(panel.dataset.for);
    if (!input) return;
    // Right under the title field, before anything is announced in it.
    input.closest(".field")?.after(panel);
    let timer = null;
    let asked = "";
    let controller = null;

    async function ask() {
      const title = input.value.trim();
      if (title === asked) return;
      asked = title;
      controller?.abort();
      if (title.length < MIN_LENGTH) {
        render(panel, []);
        return;
      }
      controller = new AbortController();
      const params = new URLSearchParams({ title, challenge: panel.dataset.challenge || "" });
      try {
        const response = await fetch(`${panel.dataset.url}?${params}`, {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
          signal: controller.signal,
        });
        render(panel, response.ok ? (await response.json()).results : []);
      } catch (error) {
        if (error.name !== "AbortError") render(panel, []);
      }
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY_MS);
    });
    if (input.value.trim()) ask();
  }

  document.querySelectorAll("[data-similar-ideas]").forEach(watch);
})();
