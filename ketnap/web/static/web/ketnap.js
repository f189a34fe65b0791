// Kết Nạp: behaviour without inline scripts (CSP). Send the CSRF token with htmx requests.
document.addEventListener("htmx:configRequest", function (event) {
  var el = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (el) { event.detail.headers["X-CSRFToken"] = el.value; }
});
