// Disclosures that fold on phones only, so that results come first there.
// <details data-open-wide> (the header's menu, the browse pages' filters) is
// closed in the HTML and opened here on wider screens; <details
// data-close-narrow> (the search page's filters, open when some are in use)
// is closed here on phones. data-keep-open (a wrong value to correct) keeps
// one open everywhere. Without JavaScript each stays as the HTML has it and
// opens or closes with a tap or a click.
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 641px)");
  function sync() {
    document.querySelectorAll("details[data-open-wide], details[data-close-narrow]").forEach(function (details) {
      if (details.hasAttribute("data-keep-open")) {
        return;
      }
      if (!wide.matches) {
        details.open = false;
      } else if (details.hasAttribute("data-open-wide")) {
        details.open = true;
      }
    });
  }
  sync();
  if (wide.addEventListener) {
    wide.addEventListener("change", sync);
  }
})();
