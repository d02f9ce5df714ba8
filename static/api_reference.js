// Starts Swagger UI on the page's OpenAPI document (components/api_reference.tsx). A file of
// its own: the Content-Security-Policy allows no inline script.
const el = document.getElementById("api-reference");
if (el && globalThis.SwaggerUIBundle) {
  const csrf = el.dataset.csrf;
  globalThis.SwaggerUIBundle({
    url: el.dataset.spec,
    domNode: el,
    deepLinking: true,
    // The public validator badge would load an image from elsewhere.
    validatorUrl: null,
    // A moderator's session may try state-changing requests: they need its CSRF token.
    requestInterceptor: (req) => {
      if (csrf) req.headers["X-CSRF-Token"] = csrf;
      return req;
    },
  });
}
