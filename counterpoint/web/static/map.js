// The incident map: Leaflet served by the app over the offline basemap; tiles only if a tile URL is configured.
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || !window.L || !window.CounterpointMap) return;
  var CM = window.CounterpointMap;
  var points = JSON.parse(document.getElementById("map-data").textContent || "[]");
  var geo = JSON.parse((document.getElementById("basemap-data") || {}).textContent || "null");
  var map = L.map(el, {attributionControl: true});
  var tiles = el.getAttribute("data-tiles");
  // the view first: permanent labels need a placed map; the offline coast is drawn for region scale
  var bounds = points.map(function (p) { return [p.lat, p.lon]; });
  if (bounds.length) map.fitBounds(bounds, {padding: [30, 30], maxZoom: tiles ? 11 : 9});
  else if (geo && geo.bbox) map.fitBounds([[geo.bbox[1], geo.bbox[0]], [geo.bbox[3], geo.bbox[2]]]);
  else map.setView([50.95, 1.85], 9);
  if (tiles) {
    L.tileLayer(tiles, {maxZoom: 18, attribution: "Map tiles: configured tile server"}).addTo(map);
  } else {
    el.classList.add("offline");
    CM.drawBasemap(map, geo);
  }
  points.forEach(function (p) {
    var marker = L.circleMarker([p.lat, p.lon], {radius: 6 + Math.min(p.sources, 6), weight: 2,
      color: CM.colorOf(p), fillOpacity: 0.35, dashArray: p.weak ? "3 3" : null}).addTo(map);
    // popup built from text nodes: headlines and place names come from untrusted documents
    var box = document.createElement("div");
    var a = document.createElement("a");
    a.href = "/incidents/" + encodeURIComponent(p.id);
    a.textContent = p.headline || ((p.type || "") + " — " + (p.place || ""));
    box.appendChild(a);
    var info = document.createElement("div");
    info.textContent = (p.date || "undated") + " · " + (p.place || "") +
      (p.conflicts ? " · " + p.conflicts + " conflict(s)" : "") + (p.weak ? " · weak link" : "");
    box.appendChild(info);
    marker.bindPopup(box);
    var name = document.createElement("span");
    name.textContent = p.place || "";
    marker.bindTooltip(name, {direction: "top", offset: [0, -6]});
  });
  CM.legend(map);
})();
