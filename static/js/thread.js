// A request's thread: the shop's replies and quotes come in while the page is open (polled every few
// seconds, paused while the tab is hidden), and the status beside the title follows.
(function () {
  const thread = document.getElementById("thread");
  const status = document.getElementById("request-status");
  const empty = document.querySelector(".thread-empty");
  const EVERY_MS = 3000;
  let busy = false;

  function lastId() {
    const last = thread.querySelector("li.message:last-child");
    return last ? last.dataset.id : "0";
  }

  async function poll() {
    if (busy || document.hidden) return;
    busy = true;
    try {
      const response = await fetch(`${thread.dataset.poll}?after=${lastId()}`, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const answer = await response.json();
      for (const message of answer.messages) {
        if (document.getElementById(`message-${message.id}`)) continue;
        thread.insertAdjacentHTML("beforeend", message.html);
      }
      if (answer.messages.length) {
        empty.hidden = true;
        // An older quote's button goes: only the latest quote, while quoted, can be accepted.
        const buttons = thread.querySelectorAll("li.quote a.button");
        buttons.forEach((button, index) => { if (index < buttons.length - 1) button.remove(); });
      }
      if (String(answer.status) !== status.dataset.status) {
        status.dataset.status = answer.status;
        status.className = `badge request-status-${answer.status}`;
        status.textContent = answer.status_label;
      }
    } catch (error) {
      // Offline for a moment: the next poll tries again.
    } finally {
      busy = false;
    }
  }

  setInterval(poll, EVERY_MS);
})();
