// Kết Nạp — monitoring charts. Each <canvas data-chart="ID"> is drawn from the JSON in
// the <script type="application/json" id="ID"> the server wrote with json_script; no
// inline script (CSP). The same figures are in the table beside each chart.
(function () {
  "use strict";
  var palette = ["#b71c1c", "#1565c0", "#2e7d32", "#f9a825", "#6a1b9a", "#00838f"];

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof Chart === "undefined") { return; }
    var spec = JSON.parse(source.textContent);
    var datasets = spec.datasets.map(function (d, i) {
      return { label: d.label, data: d.data, backgroundColor: palette[i % palette.length], borderWidth: 0 };
    });
    // A label may come as lines (charts.py wraps long ones): the chart grows with them,
    // and no label is skipped or cut (issue 16).
    var lines = spec.labels.reduce(function (n, l) { return n + (Array.isArray(l) ? l.length : 1); }, 0);
    var tall = spec.horizontal ? Math.max(160, lines * 16 + spec.labels.length * 12 + 70) : 280;
    canvas.parentElement.style.height = tall + "px";
    new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        indexAxis: spec.horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { beginAtZero: true, ticks: { precision: 0, autoSkip: !spec.horizontal, font: { size: 12 } } },
          y: { beginAtZero: true, ticks: { precision: 0, autoSkip: spec.horizontal ? false : true, font: { size: 12 } } }
        },
        plugins: { legend: { position: "bottom" } }
      }
    });
    canvas.dataset.drawn = "1";
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
    document.querySelectorAll(".js-print").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
