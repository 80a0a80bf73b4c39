// After a change on a page (a practitioner's status, a note; a sign-in error), focus goes back
// where the person was: the element the server marked with data-focus. From a file, so that
// it runs under the Content-Security-Policy.
"use strict";

(function () {
  const target = document.querySelector("[data-focus]");
  if (!target) return;
  target.focus({ preventScroll: true });
  target.scrollIntoView({ block: "center", behavior: "instant" });
})();
