// The design system's components (Hide this page, details, ...), from a file rather than an
// inline script, so that the pages run under a Content-Security-Policy without 'unsafe-inline'.
import DS from "/static/ds/scripts/design-system.js";
DS.initAll();
