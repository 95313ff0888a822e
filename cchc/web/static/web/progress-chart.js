/* Plan progress: one stacked horizontal bar per lead unit, one colour per outcome.
   The figures come from the json_script block "progress-chart-data" (labels, series, axis);
   the table next to the chart shows the same numbers, so the page reads without JavaScript. */
(function () {
  "use strict";
  var COLOURS = {
    on_time: "#2f855a",
    late: "#d69e2e",
    not_done: "#718096",
    overdue: "#c53030",
    open: "#90cdf4"
  };

  function draw() {
    var source = document.getElementById("progress-chart-data");
    var canvas = document.getElementById("progress-chart-canvas");
    if (!source || !canvas || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (series) {
          return {
            label: series.label,
            data: series.data,
            backgroundColor: COLOURS[series.key] || "#a0aec0",
            stack: "outcomes"
          };
        })
      },
      options: {
        indexAxis: "y",
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: data.axis } },
          y: { stacked: true }
        },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
