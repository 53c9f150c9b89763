/* Studio tier rows: "Add a tier" reveals the next hidden row of its ladder in place and focuses its quantity;
 * the button hides when all rows show. Without JavaScript, one empty row shows after each save. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-add-tier]");
    if (!button) return;
    var ladder = button.closest("[data-tier-ladder]");
    var next = ladder.querySelector("[data-tier-row][hidden]");
    if (next) {
      next.hidden = false;
      var input = next.querySelector("input");
      if (input) input.focus();
    }
    if (!ladder.querySelector("[data-tier-row][hidden]")) button.hidden = true;
  });
})();
