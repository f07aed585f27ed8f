// Source profile charts: data read from a JSON script element; labels escaped for plotly's pseudo-HTML.
(function () {
  "use strict";
  var holder = document.getElementById("chart-data");
  if (!holder || !window.Plotly) return;
  function plain(s) { return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"); }
  JSON.parse(holder.textContent || "[]").forEach(function (c) {
    var el = document.getElementById("chart-" + c.id);
    if (!el) return;
    var traces;
    if (c.series) {  // grouped bars: one trace per series (agent, target)
      traces = Object.keys(c.series).map(function (name) {
        var d = c.series[name], keys = Object.keys(d);
        return {type: "bar", orientation: "h", name: plain(name), x: keys.map(function (k) { return d[k]; }),
                y: keys.map(plain), hoverinfo: "x+y+name"};
      });
    } else {
      var keys = Object.keys(c.data);
      traces = [{type: "bar", orientation: "h", x: keys.map(function (k) { return c.data[k]; }),
                 y: keys.map(plain), hoverinfo: "x+y"}];
    }
    window.Plotly.newPlot(el, traces,
      {margin: {l: 140, r: 10, t: 10, b: 30}, barmode: "group", showlegend: !!c.series,
       yaxis: {automargin: true, autorange: "reversed"}},
      {displayModeBar: false, responsive: true});
  });
})();
