// Help pages: quick exit (one tap, or Esc three times) and the three steps shown one at a time.
// Without JavaScript every step is visible and the quick-exit link still leaves the site.
(function () {
  "use strict";

  function leave(event) {
    if (event) { event.preventDefault(); }
    var exit = document.getElementById("quick-exit");
    var target = (exit && exit.getAttribute("data-exit-url")) || "https://www.google.com/";
    document.body.hidden = true;
    // replace(), not assign(): the help page leaves the history, so Back does not return to it.
    window.location.replace(target);
  }

  var escapes = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var now = Date.now();
    escapes = escapes.filter(function (t) { return now - t < 1500; });
    escapes.push(now);
    if (escapes.length >= 3) { leave(event); }
  });

  function setUpSteps(form) {
    var steps = Array.prototype.slice.call(form.querySelectorAll(".step"));
    if (steps.length < 2) { return; }
    var firstWithError = steps.findIndex(function (s) { return s.querySelector(".error"); });
    var current = firstWithError >= 0 ? firstWithError : 0;
    function show(index) {
      current = index;
      steps.forEach(function (step, i) { step.hidden = i !== index; });
      var heading = steps[index].querySelector("h2");
      if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
    }
    form.classList.add("stepped");
    form.addEventListener("click", function (event) {
      var button = event.target.closest("[data-next],[data-back]");
      if (!button) { return; }
      event.preventDefault();
      show(button.hasAttribute("data-next") ? Math.min(current + 1, steps.length - 1) : Math.max(current - 1, 0));
    });
    steps.forEach(function (step, i) { step.hidden = i !== current; });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var exit = document.getElementById("quick-exit");
    if (exit) { exit.addEventListener("click", leave); }
    var form = document.getElementById("report-form");
    if (form) { setUpSteps(form); }
  });
})();
