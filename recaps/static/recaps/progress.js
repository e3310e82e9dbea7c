// Polls a recap's render progress while it is queued or rendering; reloads the page when it ends.
(function () {
  "use strict";
  var box = document.getElementById("recap-status");
  if (!box) return;
  var url = box.getAttribute("data-progress-url");
  var stateEl = document.getElementById("recap-state");
  var percentEl = document.getElementById("recap-percent");
  var bar = document.getElementById("recap-progress");
  var errorEl = document.getElementById("recap-error");
  var busy = { queued: true, rendering: true };
  var wasBusy = !bar.hidden;

  function show(data) {
    stateEl.textContent = data.label;
    percentEl.textContent = data.state === "rendering" ? data.progress + "%" : "";
    bar.value = data.progress;
    bar.hidden = !busy[data.state];
    errorEl.textContent = data.error || "";
    errorEl.hidden = !data.error;
    if (wasBusy && !busy[data.state]) {
      window.location.reload();
      return;
    }
    wasBusy = wasBusy || !!busy[data.state];
    window.setTimeout(poll, busy[data.state] ? 2000 : 10000);
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(show)
      .catch(function () { window.setTimeout(poll, 10000); });
  }

  poll();
})();
