// Drag a box on a picture of the screening page to fill in the blur form beside it (in per cent).
(function () {
  "use strict";
  document.querySelectorAll("[data-blur-area]").forEach(function (area) {
    var box = area.querySelector("[data-blur-box]");
    var form = area.parentElement.querySelector("[data-blur-form]");
    var start = null;
    function point(event) {
      var rect = area.getBoundingClientRect();
      return {
        x: Math.min(Math.max(event.clientX - rect.left, 0), rect.width),
        y: Math.min(Math.max(event.clientY - rect.top, 0), rect.height),
        w: rect.width,
        h: rect.height,
      };
    }
    area.addEventListener("pointerdown", function (event) {
      start = point(event);
      area.setPointerCapture(event.pointerId);
      event.preventDefault();
    });
    area.addEventListener("pointermove", function (event) {
      if (!start) return;
      var now = point(event);
      var left = Math.min(start.x, now.x), top = Math.min(start.y, now.y);
      var width = Math.abs(now.x - start.x), height = Math.abs(now.y - start.y);
      box.hidden = false;
      box.style.left = left + "px";
      box.style.top = top + "px";
      box.style.width = width + "px";
      box.style.height = height + "px";
      form.elements.x.value = (100 * left / now.w).toFixed(2);
      form.elements.y.value = (100 * top / now.h).toFixed(2);
      form.elements.w.value = Math.max(0.1, 100 * width / now.w).toFixed(2);
      form.elements.h.value = Math.max(0.1, 100 * height / now.h).toFixed(2);
    });
    area.addEventListener("pointerup", function () { start = null; });
  });
})();
