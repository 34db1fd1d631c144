// GOV.UK Frontend's components, started on every page. A file of its own: the pages'
// Content-Security-Policy allows no inline script.
import { initAll } from "/static/govuk-frontend.min.js";

initAll();
