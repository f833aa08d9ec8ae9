// Poll the shop (which asks WeChat Pay) until the order is paid, then show the order.
(function () {
  const box = document.getElementById("qr");
  const state = document.getElementById("qr-state");
  let tries = 0;
  const tick = async () => {
    tries += 1;
    try {
      const answer = await (await fetch(box.dataset.check, {credentials: "same-origin"})).json();
      if (answer.code === 0 && answer.data.paid) { state.textContent = state.dataset.paid; window.location = box.dataset.done; return; }
    } catch (e) { /* network hiccup: try again */ }
    if (tries < 450) setTimeout(tick, 2000); else state.textContent = state.dataset.gaveUp;
  };
  setTimeout(tick, 2000);
})();
