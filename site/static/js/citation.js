/*
 * The practice page's "Copy the citation" button. Plain JavaScript, no build
 * step; a file rather than an inline script so that the Content-Security-Policy
 * can forbid inline scripts (script-src 'self').
 *
 * Progressive enhancement: the button appears only where the browser offers
 * the Clipboard API (a secure context); without it the citation stays
 * selectable text.
 */
(function () {
  "use strict";
  var button = document.querySelector(".citation__copy");
  if (!button || !navigator.clipboard || !window.isSecureContext) { return; }
  var source = document.getElementById(button.getAttribute("data-copy-target"));
  var status = button.parentNode.querySelector(".citation__status");
  button.parentNode.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(source.textContent.trim()).then(
      function () { status.textContent = button.getAttribute("data-copied-message"); },
      function () { status.textContent = button.getAttribute("data-failed-message"); }
    );
  });
})();
