// Public work pages: a page-by-page reader for comics and slides, and a lightbox with zoom for pictures.
// Everything works without this file (pages are listed, pictures are links); it only makes them nicer.
(function () {
  "use strict";

  function setUpReader(reader) {
    var pages = Array.prototype.slice.call(reader.querySelectorAll("[data-page]"));
    if (pages.length < 2) return;
    var controls = reader.querySelector(".reader-controls");
    var status = reader.querySelector("[data-reader-status]");
    var prev = reader.querySelector("[data-reader-prev]");
    var next = reader.querySelector("[data-reader-next]");
    var current = 0;
    function show(index) {
      current = Math.max(0, Math.min(pages.length - 1, index));
      pages.forEach(function (page, i) { page.hidden = i !== current; });
      status.textContent = status.dataset.format.replace("{n}", current + 1).replace("{total}", pages.length);
      prev.disabled = current === 0;
      next.disabled = current === pages.length - 1;
    }
    prev.addEventListener("click", function () { show(current - 1); });
    next.addEventListener("click", function () { show(current + 1); });
    reader.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft") show(current - 1);
      if (event.key === "ArrowRight") show(current + 1);
    });
    reader.classList.add("is-paged");
    controls.hidden = false;
    show(0);
  }

  function setUpLightbox(root) {
    if (typeof HTMLDialogElement === "undefined") return;
    var dialog = document.createElement("dialog");
    dialog.className = "lightbox";
    var close = document.createElement("button");
    close.type = "button";
    close.className = "button button-small lightbox-close";
    close.textContent = root.dataset.closeLabel || "×";
    var frame = document.createElement("div");
    frame.className = "lightbox-frame";
    var image = document.createElement("img");
    image.alt = "";
    image.className = "zoomable";
    image.title = root.dataset.zoomLabel || "";
    frame.appendChild(image);
    dialog.appendChild(close);
    dialog.appendChild(frame);
    document.body.appendChild(dialog);
    close.addEventListener("click", function () { dialog.close(); });
    image.addEventListener("click", function () { image.classList.toggle("zoomed"); });
    dialog.addEventListener("close", function () { image.removeAttribute("src"); image.classList.remove("zoomed"); });
    root.querySelectorAll("[data-lightbox]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var inner = link.querySelector("img");
        image.src = link.href;
        image.alt = inner ? inner.alt : "";
        dialog.showModal();
      });
    });
  }

  var root = document.querySelector(".public-work");
  if (!root) return;
  root.querySelectorAll("[data-reader]").forEach(setUpReader);
  setUpLightbox(root);
})();
