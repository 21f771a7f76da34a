// Drag and drop on the triage board. Every move also works with the card's own form.
(() => {
  const board = document.querySelector("[data-board]");
  if (!board) return;
  const statusLine = document.querySelector("[data-board-status]");
  const errorLine = document.querySelector("[data-board-error]");
  let dragged = null;

  const csrfToken = () => {
    const cookie = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
    if (cookie) return decodeURIComponent(cookie.slice("csrftoken=".length));
    const input = document.querySelector("[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  };

  const showError = (message) => {
    errorLine.textContent = message;
    errorLine.hidden = false;
  };

  const allows = (card, status) => card.dataset.next.split(" ").includes(status);

  const updateCount = (column, delta) => {
    const count = column.querySelector("[data-count]");
    count.textContent = String(Number(count.textContent) + delta);
  };

  const placeCard = (card, column, data) => {
    const from = card.closest(".board-column");
    const list = column.querySelector("[data-cards]");
    const empty = list.querySelector("[data-empty]");
    if (empty) empty.remove();
    list.prepend(card);
    card.dataset.status = data.status;
    card.dataset.next = data.next_statuses.map((s) => s.value).join(" ");
    const select = card.querySelector("[data-next-select]");
    if (select) {
      select.replaceChildren(...data.next_statuses.map((s) => new Option(s.label, s.value)));
    }
    updateCount(from, -1);
    updateCount(column, 1);
    statusLine.textContent = `${card.querySelector("h3").textContent.trim()}: ${data.status_label}`;
  };

  const askNote = (status) => {
    const required = status === "declined";
    const note = window.prompt(
      required ? board.dataset.noteRequiredPrompt : board.dataset.notePrompt, "");
    if (note === null) return null;
    if (required && !note.trim()) {
      showError(board.dataset.noteRequiredError);
      return null;
    }
    return note;
  };

  const move = async (card, column) => {
    const status = column.dataset.status;
    const note = askNote(status);
    if (note === null) return;
    const body = new FormData();
    body.append("idea", card.dataset.idea);
    body.append("to_status", status);
    body.append("note", note);
    try {
      const response = await fetch(board.dataset.moveUrl, {
        method: "POST",
        body,
        headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
        credentials: "same-origin",
      });
      const data = await response.json();
      if (!response.ok) {
        showError(data.error.message);
        return;
      }
      errorLine.hidden = true;
      placeCard(card, column, data);
    } catch (error) {
      showError(String(error));
    }
  };

  board.addEventListener("dragstart", (event) => {
    dragged = event.target.closest(".board-card");
    if (!dragged) return;
    event.dataTransfer.setData("text/plain", dragged.dataset.idea);
    event.dataTransfer.effectAllowed = "move";
    for (const column of board.querySelectorAll(".board-column")) {
      column.classList.toggle("drop-allowed", allows(dragged, column.dataset.status));
    }
  });

  board.addEventListener("dragend", () => {
    dragged = null;
    for (const column of board.querySelectorAll(".board-column")) {
      column.classList.remove("drop-allowed", "drop-over");
    }
  });

  board.addEventListener("dragover", (event) => {
    const column = event.target.closest(".board-column");
    if (!dragged || !column || !allows(dragged, column.dataset.status)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    column.classList.add("drop-over");
  });

  board.addEventListener("dragleave", (event) => {
    const column = event.target.closest(".board-column");
    if (column && !column.contains(event.relatedTarget)) column.classList.remove("drop-over");
  });

  board.addEventListener("drop", (event) => {
    const column = event.target.closest(".board-column");
    if (!dragged || !column) return;
    event.preventDefault();
    const card = dragged;
    column.classList.remove("drop-over");
    if (card.dataset.status === column.dataset.status) return;
    move(card, column);
  });
})();
