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

// Date fields (issue 16): a text input written dd/mm/yyyy whatever the browser's
// language (ketnap/web/dates.py). Typing digits brings the slashes; the calendar button
// opens the browser's own picker (on a phone its wheel or calendar) and writes the
// chosen day back as dd/mm/yyyy. Without showPicker the field stays plain text.
(function () {
  "use strict";
  const pad = (n) => String(n).padStart(2, "0");
  const toIso = (text) => {
    const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text || "");
    return m ? `${m[3]}-${pad(m[2])}-${pad(m[1])}` : (/^\d{4}-\d{2}-\d{2}$/.test(text) ? text : "");
  };
  const fromIso = (iso) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? `${m[3]}/${m[2]}/${m[1]}` : "";
  };

  function mask(event) {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.hasAttribute("data-day")) return;
    const cleaned = input.value.replace(/[^\d/.-]/g, "").replace(/\/{2,}/g, "/");
    let value = cleaned;
    // Forward typing only (not deleting): "05" -> "05/", "05/03" -> "05/03/".
    if (event.inputType === "insertText" && /^(\d{2}|\d{1,2}\/\d{2})$/.test(cleaned)) value = cleaned + "/";
    if (value !== input.value) input.value = value;
  }

  function addPicker(input) {
    if (input.dataset.dayReady || !("showPicker" in HTMLInputElement.prototype)) return;
    input.dataset.dayReady = "1";
    const native = document.createElement("input");
    native.type = "date";
    native.className = "day-native";
    native.tabIndex = -1;
    native.setAttribute("aria-hidden", "true");
    native.setAttribute("aria-label", "Lịch");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary day-pick";
    button.title = "Chọn ngày trên lịch";
    button.setAttribute("aria-label", "Chọn ngày trên lịch");
    button.innerHTML = '<i class="bi bi-calendar3" aria-hidden="true"></i>';
    if (input.disabled || input.readOnly) button.disabled = true;
    button.addEventListener("click", () => {
      native.min = input.dataset.min || "";
      native.max = input.dataset.max || "";
      native.value = toIso(input.value);
      try { native.showPicker(); } catch (e) { input.focus(); }
    });
    native.addEventListener("change", () => {
      if (!native.value) return;
      input.value = fromIso(native.value);
      input.dispatchEvent(new Event("input", { bubbles: true }));
      input.dispatchEvent(new Event("change", { bubbles: true }));
      input.focus();
    });
    const wrap = document.createElement("span");
    wrap.className = "day-pick-wrap";
    wrap.append(button, native);
    input.after(wrap);
  }

  const ready = (root) => root.querySelectorAll("input[data-day]").forEach(addPicker);
  document.addEventListener("input", mask);
  document.addEventListener("DOMContentLoaded", () => ready(document));
  document.addEventListener("htmx:load", (event) => ready(event.target instanceof Element ? event.target : document));
})();

// A form sent back with errors (web/_form_errors.html): the focus goes to its summary,
// so the reader starts with what is wrong; a summary link focuses its field.
(function () {
  "use strict";
  const focusSummary = (root) => {
    const summary = root.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  };
  document.addEventListener("DOMContentLoaded", () => focusSummary(document));
  document.addEventListener("htmx:load", (event) => {
    if (event.target instanceof Element && event.target !== document.body) focusSummary(event.target);
  });
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element && event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) return;
    const field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    const box = field.closest(".form-field, td, .mb-3") || field;
    box.scrollIntoView({ block: "center" });
    field.focus({ preventScroll: true });
  });
})();

// Sortable tables (issue 16): in a table[data-sortable], each th[data-sort] becomes a
// button that sorts the body's rows by that column (again: the other way), and says so
// with aria-sort. A cell may give its value in data-sort-value; otherwise its text is
// read the Vietnamese way ("1.251" is 1251, "66,7%" is 66.7, "05/03/2026" a day; "—" or
// blank sort first).
// Rows marked data-sort-fixed (a total) stay at the bottom. th[data-sort-col] names the
// body column when the header spans rows or columns.
(function () {
  "use strict";
  const NUMBER = /^[-+]?\d{1,3}(\.\d{3})*(,\d+)?%?$|^[-+]?\d+(,\d+)?%?$/;
  const valueOf = (cell) => {
    if (!cell) return "";
    const raw = (cell.dataset.sortValue ?? cell.textContent).trim();
    const first = raw.split(/\s+/)[0] || "";
    const day = /^(\d{1,2})\/(\d{1,2})\/(\d{4})/.exec(first);
    if (day) return Number(day[3]) * 10000 + Number(day[2]) * 100 + Number(day[1]);
    if (NUMBER.test(first)) return Number(first.replace(/\./g, "").replace(",", ".").replace("%", ""));
    if (raw === "" || raw === "—") return -Infinity;
    return raw.toLocaleLowerCase("vi");
  };
  const compare = (a, b) => {
    if (typeof a === "number" && typeof b === "number") return a - b;
    if (typeof a === "number") return -1;
    if (typeof b === "number") return 1;
    return a.localeCompare(b, "vi");
  };

  function sortBy(table, th) {
    const body = table.tBodies[0];
    const column = Number(th.dataset.sortCol ?? th.cellIndex);
    const ascending = th.getAttribute("aria-sort") !== "ascending";
    const rows = [...body.rows];
    const fixed = rows.filter((r) => r.hasAttribute("data-sort-fixed"));
    const moving = rows.filter((r) => !r.hasAttribute("data-sort-fixed"));
    moving.sort((r1, r2) => compare(valueOf(r1.cells[column]), valueOf(r2.cells[column])) * (ascending ? 1 : -1));
    body.append(...moving, ...fixed);
    table.querySelectorAll("th[data-sort]").forEach((other) => other.removeAttribute("aria-sort"));
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function ready(root) {
    root.querySelectorAll("table[data-sortable] th[data-sort]").forEach((th) => {
      if (th.querySelector(".sort-btn")) return;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "sort-btn";
      button.title = "Sắp xếp theo cột này";
      button.append(...th.childNodes);
      const mark = document.createElement("i");
      mark.className = "bi bi-arrow-down-up sort-mark";
      mark.setAttribute("aria-hidden", "true");
      button.append(mark);
      th.append(button);
      button.addEventListener("click", () => sortBy(th.closest("table"), th));
    });
  }
  document.addEventListener("DOMContentLoaded", () => ready(document));
  document.addEventListener("htmx:load", (event) => { if (event.target instanceof Element) ready(event.target); });
})();
// A table wider than its box scrolls inside it (.table-responsive); a keyboard user
// reaches that scroll only if the box takes focus (axe: scrollable-region-focusable).
function focusableScrollBoxes(root) {
  root.querySelectorAll(".table-responsive").forEach((box) => {
    if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      const caption = box.querySelector("caption, th");
      box.setAttribute("aria-label", "Bảng cuộn ngang" + (caption ? ": " + caption.textContent.trim() : ""));
    }
  });
}
document.addEventListener("DOMContentLoaded", () => focusableScrollBoxes(document));
document.addEventListener("htmx:afterSettle", (event) => focusableScrollBoxes(event.target));
