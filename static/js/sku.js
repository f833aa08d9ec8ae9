// Product page: picking one value of every option selects the SKU and shows its price and stock
// (in the page's language: the texts come from the stock line's data attributes).
(function () {
  const data = JSON.parse(document.getElementById("variants").textContent);
  if (!data.skus.length) return;
  const form = document.getElementById("buy-form");
  const price = document.getElementById("price");
  const stock = document.getElementById("stock");
  const skuInput = document.getElementById("sku-id");
  const money = (cents) => "¥" + Math.floor(cents / 100).toLocaleString() + "." + String(cents % 100).padStart(2, "0");
  const bySymbol = new Map(data.skus.map((sku) => [sku.symbol, sku]));

  form.addEventListener("change", () => {
    const chosen = data.options.map((option) => {
      const input = form.querySelector(`input[name="option-${option.id}"]:checked`);
      return input ? input.value : null;
    });
    if (chosen.includes(null)) return;
    const sku = bySymbol.get(chosen.join("_"));
    skuInput.value = sku ? sku.id : "";
    stock.classList.toggle("out", !sku || sku.stock < 1);
    if (!sku) { stock.textContent = stock.dataset.unavailable; return; }
    price.textContent = money(sku.price);
    stock.textContent = sku.stock > 0 ? stock.dataset.inStock.replace("{count}", sku.stock) : stock.dataset.soldOut;
  });
})();
