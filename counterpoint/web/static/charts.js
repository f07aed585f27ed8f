// Source profile charts: data read from a JSON script element; labels escaped for plotly's pseudo-HTML.
(function () {
  "use strict";
  var holder = document.getElementById("chart-data");
  if (!holder || !window.Plotly) return;
  function plain(s) { return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"); }
  JSON.parse(holder.textContent || "[]").forEach(function (c) {
    var el = document.getElementById("chart-" + c.id);
    if (!el) return;
    var keys = Object.keys(c.data);
    window.Plotly.newPlot(el, [{type: "bar", orientation: "h", x: keys.map(function (k) { return c.data[k]; }),
      y: keys.map(plain), hoverinfo: "x+y"}],
      {margin: {l: 140, r: 10, t: 10, b: 30}, yaxis: {automargin: true, autorange: "reversed"}},
      {displayModeBar: false, responsive: true});
  });
})();
