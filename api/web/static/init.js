// The design system's components (Hide this page, details, ...), from a file rather than an
// inline script, so that the pages run under a Content-Security-Policy without 'unsafe-inline'.
import DS from "/static/ds/scripts/design-system.js";
DS.initAll();
// The design system shows "(Or press Esc key)" only with scripts running (js-enabled).
document.body.classList.add("js-enabled");
