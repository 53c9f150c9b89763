// Checkout: show the grand total for the shipping services the buyer picks (the server recomputes it).
(function () {
  "use strict";
  var form = document.querySelector("form[data-checkout]");
  if (!form) return;
  var out = form.querySelector("[data-grand-total]");
  var items = parseInt(form.getAttribute("data-items-total"), 10) || 0;
  var fmt = new Intl.NumberFormat("id-ID");

  function update() {
    var total = items;
    form.querySelectorAll("input[type=radio][data-cost]:checked").forEach(function (input) {
      total += parseInt(input.getAttribute("data-cost"), 10) || 0;
    });
    out.textContent = "Rp " + fmt.format(total);
  }

  form.addEventListener("change", update);
  update();
})();
