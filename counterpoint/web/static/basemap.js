// The offline basemap and the marker legend, shared by the workbench map and the HTML report.
// The basemap is GeoJSON made by counterpoint/basemap.py (land, borders, towns); no tile server.
(function () {
  "use strict";
  var COLORS = {agreed: "#1f5f8b", conflict: "#b03a0e", weak: "#7a7a7a"};

  function drawBasemap(map, geo) {
    if (!geo || !geo.features) return null;
    var layer = L.geoJSON(geo, {
      filter: function (f) { return f.properties.kind !== "town"; },
      style: function (f) {
        var k = f.properties.kind;
        if (k === "land") return {stroke: true, color: "#8a9a8c", weight: 1, fillColor: "#f3efe4", fillOpacity: 1};
        if (k === "lake") return {stroke: false, fillColor: "#cfe3ef", fillOpacity: 1};
        return {color: "#9c7fa6", weight: 1.2, dashArray: "4 3", fill: false};
      },
      interactive: false
    }).addTo(map);
    var towns = L.layerGroup().addTo(map);
    geo.features.filter(function (f) { return f.properties.kind === "town"; }).forEach(function (f, i) {
      var c = f.geometry.coordinates;
      var dot = L.circleMarker([c[1], c[0]], {radius: 2.5, color: "#555", weight: 1, fillColor: "#555",
                                              fillOpacity: 1, interactive: false, className: "town"});
      var name = document.createElement("span");
      name.textContent = f.properties.name;  // text node: names are data
      // the biggest towns are always named; the rest from zoom 10 on (see the zoom handler)
      dot.bindTooltip(name, {permanent: true, direction: "right", offset: [3, 0], className: "town-label"});
      dot.options.rank = i;
      dot.addTo(towns);
    });
    // name the biggest towns in view (more as one zooms in): a capital off-screen leaves room for a port
    function labels() {
      var z = map.getZoom(), view = map.getBounds(), room = z >= 10 ? 60 : z >= 9 ? 25 : z >= 7 ? 12 : 6, shown = 0;
      var dots = [];
      towns.eachLayer(function (m) { dots.push(m); });
      dots.sort(function (a, b) { return a.options.rank - b.options.rank; });
      dots.forEach(function (m) {
        var show = view.contains(m.getLatLng()) && shown < room;
        if (show) shown += 1;
        var t = m.getTooltip();
        if (t && t.getElement()) t.getElement().style.display = show ? "" : "none";
      });
    }
    map.on("moveend", labels);
    map.whenReady(labels);
    if (geo.attribution) map.attributionControl.addAttribution(geo.attribution);
    return layer;
  }

  function colorOf(p) {
    if (p.weak) return COLORS.weak;
    return p.conflicts ? COLORS.conflict : COLORS.agreed;
  }

  function legend(map) {
    var control = L.control({position: "bottomright"});
    control.onAdd = function () {
      var box = L.DomUtil.create("div", "map-legend");
      box.setAttribute("role", "note");
      box.setAttribute("aria-label", "Map legend");
      var rows = [["agreed", "sources agree"], ["conflict", "sources disagree"], ["weak", "weakly linked"]];
      var title = document.createElement("strong");
      title.textContent = "Incidents";
      box.appendChild(title);
      rows.forEach(function (r) {
        var row = document.createElement("div");
        var sw = document.createElement("span");
        sw.className = "swatch";
        sw.style.borderColor = COLORS[r[0]];
        row.appendChild(sw);
        row.appendChild(document.createTextNode(" " + r[1]));
        box.appendChild(row);
      });
      var size = document.createElement("div");
      size.textContent = "larger circle: more sources";
      box.appendChild(size);
      var town = document.createElement("div");
      var dot = document.createElement("span");
      dot.className = "swatch town";
      town.appendChild(dot);
      town.appendChild(document.createTextNode(" town"));
      box.appendChild(town);
      return box;
    };
    control.addTo(map);
    return control;
  }

  window.CounterpointMap = {drawBasemap: drawBasemap, legend: legend, colorOf: colorOf, colors: COLORS};
})();
