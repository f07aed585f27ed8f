// The incident map: Leaflet served by the app; tiles only if a tile URL is configured.
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || !window.L) return;
  var points = JSON.parse(document.getElementById("map-data").textContent || "[]");
  var map = L.map(el, {attributionControl: true}).setView([50.95, 1.85], 9);
  var tiles = el.getAttribute("data-tiles");
  if (tiles) {
    L.tileLayer(tiles, {maxZoom: 18, attribution: "Map tiles: configured tile server"}).addTo(map);
  }
  var bounds = [];
  points.forEach(function (p) {
    var marker = L.circleMarker([p.lat, p.lon], {radius: 6 + Math.min(p.sources, 6), weight: 2,
      color: p.conflicts ? "#a4461b" : "#1f5f8b"}).addTo(map);
    // popup built from text nodes: place names come from untrusted documents
    var box = document.createElement("div");
    var a = document.createElement("a");
    a.href = "/incidents/" + encodeURIComponent(p.id);
    a.textContent = (p.date || "undated") + " " + (p.type || "") + " — " + (p.place || "");
    box.appendChild(a);
    var info = document.createElement("div");
    info.textContent = p.sources + " source(s)" + (p.conflicts ? ", " + p.conflicts + " conflict(s)" : "");
    box.appendChild(info);
    marker.bindPopup(box);
    if (!tiles) {  // no background map: name the places so the map still reads
      var name = document.createElement("span");
      name.textContent = p.place || "";
      marker.bindTooltip(name, {permanent: true, direction: "right", offset: [8, 0]});
    }
    bounds.push([p.lat, p.lon]);
  });
  if (bounds.length) map.fitBounds(bounds, {padding: [30, 30], maxZoom: 12});
})();
