// Kết Nạp: behaviour without inline scripts (CSP). Send the CSRF token with htmx requests.
document.addEventListener("htmx:configRequest", function (event) {
  var el = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (el) { event.detail.headers["X-CSRFToken"] = el.value; }
});

// Irreversible acts ask once (issue 16): a submit button or form with data-confirm shows
// its message; "Hủy" cancels the submission. No inline handler, so the CSP allows it.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const button = event.submitter;
  const message = (button && button.dataset.confirm) || (form instanceof HTMLElement && form.dataset.confirm);
  if (message && !window.confirm(message)) event.preventDefault();
});

// A button with data-print prints the page (inline handlers are refused by the CSP).
document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.closest("[data-print]")) window.print();
});
