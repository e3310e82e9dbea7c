// Keeps the wall's counts live: asks the small JSON endpoint every few seconds while the page is visible.
(function () {
  "use strict";
  var box = document.getElementById("pledge-counts");
  if (!box || !window.fetch) return;
  var url = box.getAttribute("data-url");
  var every = Math.max(5, parseInt(box.getAttribute("data-every"), 10) || 15) * 1000;

  function rows(tableId, items) {
    var body = document.querySelector("#" + tableId + " tbody");
    if (!body || !items || !items.length) return;
    var fresh = document.createDocumentFragment();
    items.forEach(function (item) {
      var tr = document.createElement("tr");
      var name = document.createElement("td");
      name.textContent = item.name;
      var count = document.createElement("td");
      count.className = "num";
      count.textContent = item.count;
      tr.appendChild(name);
      tr.appendChild(count);
      fresh.appendChild(tr);
    });
    body.replaceChildren(fresh);
  }

  function set(key, value) {
    var el = box.querySelector('[data-count="' + key + '"]');
    if (el && value !== null && value !== undefined) el.textContent = value;
  }

  function refresh() {
    if (document.hidden) return;
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        set("total", data.total);
        set("my_school", data.my_school && data.my_school.count);
        set("my_ward", data.my_ward && data.my_ward.count);
        rows("pledge-schools", data.schools);
        rows("pledge-wards", data.wards);
      })
      .catch(function () { /* offline for a moment: the next tick tries again */ });
  }

  window.setInterval(refresh, every);
  document.addEventListener("visibilitychange", refresh);
})();
