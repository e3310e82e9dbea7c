// The question's countdown, driven by the server's deadline (data-deadline, ms since the epoch) corrected by the
// difference between the server's clock (data-now) and this device's. The server decides: when the time is up
// the page reloads and the server records the question as timed out; answering is then refused.
(function () {
  "use strict";
  var box = document.getElementById("quiz-countdown");
  if (!box) return;
  var deadline = Number(box.getAttribute("data-deadline"));
  var serverNow = Number(box.getAttribute("data-now"));
  var offset = serverNow - Date.now();
  var seconds = document.getElementById("quiz-seconds");
  var form = document.getElementById("quiz-answer-form");
  var submit = document.getElementById("quiz-submit");
  var notice = document.getElementById("quiz-timeout");
  var done = false;

  if (form) {
    form.addEventListener("submit", function () {
      done = true;
      if (submit) submit.disabled = true; // a double tap sends one answer
    });
  }

  function tick() {
    if (done) return;
    var left = Math.max(0, deadline - (Date.now() + offset));
    seconds.textContent = String(Math.ceil(left / 1000));
    box.classList.toggle("is-low", left <= 5000);
    if (left <= 0) {
      done = true;
      if (submit) submit.disabled = true;
      if (notice) notice.hidden = false;
      // Past the server's grace period, so the reload finds the question timed out.
      window.setTimeout(function () { window.location.reload(); }, 1800);
      return;
    }
    window.setTimeout(tick, Math.min(250, left));
  }
  tick();
})();
