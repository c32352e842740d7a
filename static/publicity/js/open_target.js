// The company page: a link to one of its records (/companies/<code>/#penalty-12)
// opens that record, folded in a <details>, when the page loads and whenever
// the address's fragment changes; site.css highlights it (:target).
(function () {
  "use strict";
  function openTarget() {
    var id = window.location.hash.slice(1);
    if (!id) {
      return;
    }
    try {
      id = decodeURIComponent(id);
    } catch (error) {
      return;
    }
    var target = document.getElementById(id);
    var details = target && target.closest("details");
    if (details && !details.open) {
      details.open = true;
      target.scrollIntoView();
    }
  }
  openTarget();
  window.addEventListener("hashchange", openTarget);
})();
