/*
 * Names for the controls Swagger UI draws without one, so screen readers can announce them.
 * Swagger UI redraws as people open operations, so this runs again after every change.
 */
(function () {
  "use strict";

  function label(element, text) {
    if (!element.hasAttribute("aria-label")) {
      element.setAttribute("aria-label", text);
    }
  }

  function name(root) {
    root.querySelectorAll(".copy-to-clipboard button").forEach(function (button) {
      label(button, "Copy to clipboard");
    });
    root.querySelectorAll("tr[data-param-name] select, tr[data-param-name] input").forEach(function (field) {
      label(field, field.closest("tr").getAttribute("data-param-name"));
    });
    root.querySelectorAll(".highlight-code, .body-param__example, .microlight").forEach(function (panel) {
      if (!panel.hasAttribute("tabindex")) {
        panel.setAttribute("tabindex", "0");
      }
    });
    root.querySelectorAll(".body-param textarea").forEach(function (field) {
      label(field, "Request body");
    });
    root.querySelectorAll("[role=region][id$=_responses]").forEach(function (region) {
      var operation = region.closest(".opblock");
      var method = operation && operation.querySelector(".opblock-summary-method");
      var path = operation && operation.querySelector(".opblock-summary-path");
      label(region, "Responses for " + (method ? method.textContent.trim() + " " : "") +
        (path ? path.textContent.trim() : region.id));
    });
  }

  var root = document.getElementById("swagger-ui");
  if (root) {
    new MutationObserver(function () { name(root); }).observe(root, { childList: true, subtree: true });
  }
})();
