// Small progressive enhancements; every page works without them.
(function () {
  "use strict";
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  // confirmation for destructive forms; {value} is the chosen incident (merges say which one survives)
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      var chosen = form.querySelector("[data-confirm-value]");
      var text = form.getAttribute("data-confirm").split("{value}").join(chosen ? chosen.value : "");
      if (!window.confirm(text)) e.preventDefault();
    });
  });

  // the filter form submits on change, so the timeline follows the filters at once
  var filters = document.getElementById("filters");
  if (filters) {
    filters.querySelectorAll("select").forEach(function (el) {
      el.addEventListener("change", function () { filters.submit(); });
    });
  }

  // ingest progress: poll running jobs (textContent only: messages are untrusted)
  var rows = document.querySelectorAll("tr[data-poll]");
  function poll(row) {
    fetch("/api/ingest/" + encodeURIComponent(row.getAttribute("data-job")),
          {headers: {"Accept": "application/json", "X-CSRF-Token": csrf}, credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (job) {
        ["state", "processed", "stored", "unchanged", "duplicates", "incidents"].forEach(function (k) {
          var cell = row.querySelector('[data-k="' + k + '"]');
          if (cell) cell.textContent = (job[k] === null ? "" : job[k]) + (k === "state" && job.error ? ": " + job.error : "");
        });
        var rej = row.querySelector('[data-k="rejected"]');
        if (rej) rej.textContent = String((job.rejected || []).length);
        if (job.state === "queued" || job.state === "running" || job.state === "linking") setTimeout(function () { poll(row); }, 1000);
      })
      .catch(function () { setTimeout(function () { poll(row); }, 3000); });
  }
  rows.forEach(poll);
})();
