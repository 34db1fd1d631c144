// Swagger UI on the API's docs page, for the document its element names. A file of its
// own: the docs page's Content-Security-Policy allows no inline script.
const element = document.getElementById("swagger-ui");

window.SwaggerUIBundle({
  url: element.dataset.openapi,
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  deepLinking: true,
  showExtensions: true,
  showCommonExtensions: true,
  // Swagger UI would otherwise send the document's address to its online validator.
  validatorUrl: null,
  presets: [window.SwaggerUIBundle.presets.apis, window.SwaggerUIBundle.SwaggerUIStandalonePreset],
});
