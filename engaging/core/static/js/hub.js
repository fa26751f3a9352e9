// Progressive enhancement only: every page works without this file.
import { initAll } from "../build/govuk-frontend.min.js";

document.body.classList.add("govuk-frontend-supported", "js-enabled");
initAll();

// Filters start collapsed (for phones); where there is room beside the results, show them open.
if (window.matchMedia("(min-width: 40.0625em)").matches) {
  document.querySelectorAll("details.et-filter-details").forEach((details) => {
    details.open = true;
  });
}
