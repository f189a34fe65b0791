// Starts Swagger UI on /api/v1/docs with the settings the page put in a JSON tag
// (no inline script: the site's Content-Security-Policy forbids it).
(function () {
  "use strict";
  var settings = JSON.parse(document.getElementById("swagger-settings").textContent);
  settings.dom_id = "#swagger-ui";
  settings.presets = [window.SwaggerUIBundle.presets.apis];
  window.ui = window.SwaggerUIBundle(settings);
})();
