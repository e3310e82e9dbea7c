// Counts down to a contest's deadline; the server's time decides, this is only a guide.
(function () {
  "use strict";
  var nodes = document.querySelectorAll("[data-deadline]");
  function render(node) {
    var left = Math.floor((Date.parse(node.dataset.deadline) - Date.now()) / 1000);
    if (isNaN(left)) { return; }
    if (left <= 0) { node.textContent = node.dataset.labelClosed; return; }
    var d = Math.floor(left / 86400), h = Math.floor(left % 86400 / 3600);
    var m = Math.floor(left % 3600 / 60), s = left % 60;
    node.textContent = d + " " + node.dataset.labelDays + " " + h + " " + node.dataset.labelHours + " " +
      m + " " + node.dataset.labelMinutes + " " + s + " " + node.dataset.labelSeconds;
  }
  nodes.forEach(function (node) { render(node); setInterval(function () { render(node); }, 1000); });
})();
