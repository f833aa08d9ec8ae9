// Checkout: picking a coupon shows the new total at once (the shop prices it), so the amount on
// "Place order" is always what will be charged.
(function () {
  const form = document.getElementById("checkout");
  const apply = document.getElementById("apply-coupon");
  form.querySelectorAll('input[name="coupon_code_id"]').forEach((radio) => {
    radio.addEventListener("change", () => {
      form.querySelector('input[name="coupon_code"]').value = "";
      form.requestSubmit(apply);
    });
  });
})();
