// The monitoring page's charts, each drawn from its figure's table: the table holds the
// figures (and is what a screen reader reads); the chart only shows them. Chart.js is
// served from the package (/static/chart.umd.min.js), loaded before this file.
const { Chart } = window;

// GOV.UK's colours, told apart in order.
const COLOURS = ["#1d70b8", "#f47738", "#00703c", "#d4351c", "#4c2c92", "#b58840", "#5694ca"];

function cellValue(cell) {
  const value = Number(cell.textContent.trim());
  return Number.isNaN(value) ? null : value;
}

function draw(canvas) {
  const table = document.getElementById(canvas.dataset.chartFor);
  if (!table || !Chart) return;
  const charted = table.dataset.charted.split(",").map(Number);
  const stacked = table.dataset.stacked === "true";
  const headings = [...table.tHead.rows[0].cells].map((cell) => cell.textContent.trim());
  const rows = [...table.tBodies[0].rows].map((row) => [...row.cells]);
  const chart = new Chart(canvas, {
    type: "bar",
    data: {
      labels: rows.map((cells) => cells[0].textContent.trim()),
      datasets: charted.map((column, place) => ({
        label: headings[column],
        data: rows.map((cells) => cellValue(cells[column])),
        backgroundColor: COLOURS[place % COLOURS.length],
      })),
    },
    options: {
      animation: false,
      aspectRatio: 2.5,
      scales: {
        x: { stacked },
        y: { stacked, beginAtZero: true, ticks: { precision: 0 } },
      },
    },
  });
  canvas.dataset.drawn = String(chart.data.datasets.length);
}

document.querySelectorAll("canvas[data-chart-for]").forEach(draw);
