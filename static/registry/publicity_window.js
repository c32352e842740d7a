/* The penalty form's publicity window, shown as the decision is entered
   (registry/admin/entry.py). The rules come from the server as data on the
   publicity_until field; the server checks the date again on save, so this
   only helps: with JavaScript off the help text says the same in general. */
(function () {
  "use strict";

  function addMonths(day, months) {
    var index = day.year * 12 + (day.month - 1) + months;
    var year = Math.floor(index / 12);
    var month = index % 12 + 1;
    var last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return { year: year, month: month, day: Math.min(day.day, last) };
  }

  function iso(day) {
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return day.year + "-" + two(day.month) + "-" + two(day.day);
  }

  function parseDate(text) {
    var match = /^\s*(\d{4})\D+(\d{1,2})\D+(\d{1,2})\D*$/.exec(text || "");
    if (!match) { return null; }
    var day = { year: +match[1], month: +match[2], day: +match[3] };
    if (day.month < 1 || day.month > 12 || day.day < 1 || day.day > 31) { return null; }
    return day;
  }

  function init() {
    var until = document.getElementById("id_publicity_until");
    if (!until || !until.dataset.windowMonths) { return; }
    var months = JSON.parse(until.dataset.windowMonths);
    var strict = JSON.parse(until.dataset.windowStrict);
    var strictMinimum = +until.dataset.windowStrictMinimum;
    var severity = document.getElementById("id_severity");
    var violation = document.getElementById("id_violation_type");
    var decided = document.getElementById("id_decided_on");
    var shown = document.createElement("p");
    shown.className = "help publicity-window";
    shown.id = "publicity-window";
    shown.setAttribute("aria-live", "polite");
    var row = until.closest(".form-row") || until.parentNode;
    row.appendChild(shown);
    until.setAttribute(
      "aria-describedby",
      ((until.getAttribute("aria-describedby") || "") + " publicity-window").trim()
    );

    function update() {
      var bounds = severity && months[severity.value];
      var day = decided && parseDate(decided.value);
      if (!bounds || !day) { shown.textContent = ""; return; }
      var low = bounds[0], high = bounds[1];
      if (violation && strict.indexOf(violation.value) !== -1) {
        low = Math.max(low, strictMinimum);
        high = Math.max(high, low);
      }
      shown.textContent = until.dataset.windowText
        .replace("{first}", iso(addMonths(day, low)))
        .replace("{last}", iso(addMonths(day, high)));
    }

    [severity, violation, decided].forEach(function (field) {
      if (field) {
        field.addEventListener("change", update);
        field.addEventListener("input", update);
      }
    });
    update();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
