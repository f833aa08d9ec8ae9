// Forms that act (they carry a one-time form_key): the button shows it is working and a second
// click does nothing. The server carries out a repeated post once anyway; this only saves a wait.
(function () {
  document.addEventListener("submit", (event) => {
    const button = event.submitter;
    if (!button || !event.target.querySelector('input[name="form_key"]')) return;
    setTimeout(() => { button.disabled = true; button.setAttribute("aria-busy", "true"); }, 0);
  });
  window.addEventListener("pageshow", () => {
    document.querySelectorAll('button[aria-busy="true"]').forEach((button) => {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    });
  });
})();

// Filters that apply as soon as they change (the page has an Apply button without scripts).
document.addEventListener("change", (event) => {
  if (event.target.matches("select[data-autosubmit]")) event.target.form.requestSubmit();
});
