// Kết Nạp: behaviour without inline scripts (CSP). Send the CSRF token with htmx requests.
document.addEventListener("htmx:configRequest", function (event) {
  var el = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (el) { event.detail.headers["X-CSRFToken"] = el.value; }
});

// A button with data-print prints the page (inline handlers are refused by the CSP).
document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.closest("[data-print]")) window.print();
});
