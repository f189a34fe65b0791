// Kết Nạp — pipeline pages. No inline scripts (CSP): behaviour is attached here.
// [data-autosubmit]: submit the form when a filter changes.
// [data-show-when="field=value"]: show a block only when another field has that value.
document.addEventListener("change", function (event) {
  var el = event.target;
  if (el.form && el.closest("[data-autosubmit]")) { el.form.submit(); }
  refreshToggles();
});
function refreshToggles() {
  document.querySelectorAll("[data-show-when]").forEach(function (block) {
    var parts = block.getAttribute("data-show-when").split("=");
    var field = document.querySelector("[name='" + parts[0] + "']");
    if (!field) { return; }
    block.hidden = field.value !== parts[1];
  });
}
document.addEventListener("DOMContentLoaded", refreshToggles);
