"use strict";
// A script file rather than an inline handler, so the pages could run under a strict CSP.
document.getElementById("print-plan").addEventListener("click", () => window.print());
