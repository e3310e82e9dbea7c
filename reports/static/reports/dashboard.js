// The city dashboard's charts: Chart.js (vendored, see vendor/README.md) draws what the page handed over
// as JSON (json_script), the same numbers as the tables beside them.
(function () {
  "use strict";
  var source = document.getElementById("report-charts");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var specs = JSON.parse(source.textContent);
  var palette = ["#4f46e5", "#f97362", "#0e9f6e", "#d97706", "#0284c7", "#9333ea", "#64748b"];
  specs.forEach(function (spec) {
    var canvas = document.getElementById(spec.id);
    if (!canvas) {
      return;
    }
    var type = spec.type === "stacked" ? "bar" : spec.type;
    var round = type === "doughnut";
    var datasets = spec.datasets.map(function (dataset, index) {
      return {
        label: dataset.label,
        data: dataset.data,
        backgroundColor: round ? palette : palette[index % palette.length],
        borderColor: round ? "#ffffff" : palette[index % palette.length],
        spanGaps: false,
        fill: false,
      };
    });
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { position: "bottom" } },
    };
    if (!round) {
      options.scales = {
        x: { stacked: spec.type === "stacked" },
        y: { stacked: spec.type === "stacked", beginAtZero: true, ticks: { precision: 0 } },
      };
    }
    new window.Chart(canvas, { type: type, data: { labels: spec.labels, datasets: datasets }, options: options });
    canvas.setAttribute("data-drawn", "true");
  });
})();
