// A record's page: the "Copy link" button copies the record's permanent
// address and says so in the status line next to it (read out by screen
// readers). Without JavaScript, or without a clipboard, the button stays
// hidden: the address is on the page as a link, to copy by hand.
(function () {
  "use strict";
  if (!navigator.clipboard || !navigator.clipboard.writeText) {
    return;
  }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var status = button.parentNode.querySelector("[role=status]");
    function say(message) {
      // Emptied first, so that the same words are read out again on a second copy.
      status.textContent = "";
      window.setTimeout(function () { status.textContent = message; }, 50);
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-copy")).then(
        function () { say(button.getAttribute("data-copied")); },
        function () { say(button.getAttribute("data-failed")); }
      );
    });
  });
})();
