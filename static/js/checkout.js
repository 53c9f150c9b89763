// Checkout: show the grand total for the shipping services the buyer picks (the server recomputes it).
// With a display currency chosen the total also shows "≈ €51.76 · Rp 880.000": converted with the server's one
// rounding rule (rupiah ÷ rate, half up to the currency's minor units), in integers, never in floating point.
(function () {
  "use strict";
  var form = document.querySelector("form[data-checkout]");
  if (!form) return;
  var out = form.querySelector("[data-grand-total]");
  var items = parseInt(form.getAttribute("data-items-total"), 10) || 0;
  var rupiah = new Intl.NumberFormat("id-ID");
  var code = form.getAttribute("data-display-currency");
  var converter = code && typeof BigInt === "function" ? makeConverter() : null;

  function makeConverter() {
    var rate = form.getAttribute("data-display-rate") || "";
    var digits = parseInt(form.getAttribute("data-display-digits"), 10) || 0;
    var parts = rate.split(".");
    var fraction = parts[1] || "";
    if (!/^\d+$/.test(parts[0]) || !/^\d*$/.test(fraction)) return null;
    var rateScaled = BigInt(parts[0] + fraction); // the rate × 10^fraction.length, exactly
    if (rateScaled <= BigInt(0)) return null;
    var scale = BigInt(10) ** BigInt(digits + fraction.length);
    var money = new Intl.NumberFormat(form.getAttribute("data-display-locale") || "en", {
      style: "currency",
      currency: code,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    return function (amount) {
      var numerator = BigInt(amount) * scale;
      var minor = numerator / rateScaled;
      if (BigInt(2) * (numerator % rateScaled) >= rateScaled) minor += BigInt(1); // half up
      var unit = BigInt(10) ** BigInt(digits);
      var whole = minor / unit;
      var rest = (minor % unit).toString().padStart(digits, "0");
      return money.format(Number(digits ? whole.toString() + "." + rest : whole.toString()));
    };
  }

  function update() {
    var total = items;
    form.querySelectorAll("input[type=radio][data-cost]:checked").forEach(function (input) {
      total += parseInt(input.getAttribute("data-cost"), 10) || 0;
    });
    var idr = "Rp " + rupiah.format(total);
    out.textContent = converter ? "≈ " + converter(total) + " · " + idr : idr;
  }

  form.addEventListener("change", update);
  update();
})();
