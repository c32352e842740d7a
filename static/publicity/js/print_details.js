// Printing the company page gives the whole credit report: every collapsed
// <details> record opens before printing and closes again afterwards.
// Browsers that support ::details-content do this from print.css alone.
(function () {
  "use strict";
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (details) {
      details.open = true;
      opened.push(details);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) { details.open = false; });
    opened = [];
  });
})();
