"use strict";
// A script file rather than an inline handler, so the pages run under a strict CSP. Every
// button marked data-print prints the page (a plan, a review invitation); on a practitioner's
// plan page the button first records the export in the audit log.
(function () {
  for (const button of document.querySelectorAll("[data-print]")) {
    button.addEventListener("click", async () => {
      const url = button.dataset.exportUrl;
      if (url) {
        try {
          await fetch(url, {
            method: "POST",
            body: new URLSearchParams({ csrf: button.dataset.csrf || "" }),
          });
        } catch (error) {
          // Printing still works when the note to the audit log could not be sent.
        }
      }
      window.print();
    });
  }
})();
