/* The frame page: the photo is drawn with the chosen frame on a canvas, in the browser. It is never sent
   anywhere: the file input loses its name so the form cannot carry it, and submitting is stopped. After a
   download the page posts only the frame's id (a count, frames/views.py count_download). */
(function () {
  "use strict";

  var form = document.getElementById("frame-form");
  if (!form) return;
  var canvas = document.getElementById("frame-canvas");
  var probe = document.createElement("canvas");
  var supported =
    !!(probe.getContext && probe.getContext("2d") && probe.toBlob) &&
    !!(window.URL && URL.createObjectURL) &&
    typeof window.Promise === "function" &&
    typeof window.fetch === "function" &&
    typeof window.FormData === "function";
  if (!supported) return; // the plain form stays: the server frames the photo

  // Enough pixels for a sharp 1080 px picture zoomed in a little; a 50 MP photo is cut down to this first.
  var MAX_PHOTO_SIDE = 2400;
  var MIN_ZOOM = 1;
  var MAX_ZOOM = 4;

  var editor = document.getElementById("frame-editor");
  var fallback = document.getElementById("frame-fallback");
  var input = form.querySelector("input[type=file]");
  var zoomInput = document.getElementById("frame-zoom");
  var statusLine = document.getElementById("frame-status");
  var errorLine = document.getElementById("frame-error");
  var ctx = canvas.getContext("2d");

  var state = { photo: null, frame: null, frameId: null, width: 1080, height: 1080, zoom: 1, x: 0, y: 0 };
  var pointers = new Map();
  var pinch = null;

  fallback.hidden = true;
  document.getElementById("privacy-note").hidden = false;
  document.getElementById("privacy-note-server").hidden = true;
  input.removeAttribute("name");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
  });

  function say(key) {
    statusLine.textContent = statusLine.getAttribute("data-" + key) || "";
  }

  function showError(show) {
    errorLine.hidden = !show;
    errorLine.textContent = show ? statusLine.getAttribute("data-failed") : "";
  }

  function chosenRadio() {
    return form.querySelector("input[type=radio][name=frame]:checked");
  }

  function loadImage(src) {
    return new Promise(function (resolve, reject) {
      var img = new Image();
      img.decoding = "async";
      img.onload = function () {
        resolve(img);
      };
      img.onerror = reject;
      img.src = src;
    });
  }

  /* The photo turned upright (browsers apply EXIF orientation to <img> and createImageBitmap by default:
     image-orientation: from-image) and no larger than MAX_PHOTO_SIDE, so a phone never holds a 50 MP
     canvas. */
  function loadPhoto(file) {
    var url = URL.createObjectURL(file);
    return loadImage(url)
      .then(function (img) {
        var w = img.naturalWidth;
        var h = img.naturalHeight;
        if (!w || !h) throw new Error("empty");
        var scale = Math.min(1, MAX_PHOTO_SIDE / Math.max(w, h));
        var tw = Math.max(1, Math.round(w * scale));
        var th = Math.max(1, Math.round(h * scale));
        var viaBitmap = window.createImageBitmap
          ? createImageBitmap(img, {
              resizeWidth: tw,
              resizeHeight: th,
              resizeQuality: "high",
              imageOrientation: "from-image",
            }).catch(function () {
              return null;
            })
          : Promise.resolve(null);
        return viaBitmap.then(function (bitmap) {
          if (bitmap) return bitmap;
          var small = document.createElement("canvas");
          small.width = tw;
          small.height = th;
          small.getContext("2d").drawImage(img, 0, 0, tw, th);
          return small;
        });
      })
      .finally(function () {
        URL.revokeObjectURL(url);
      });
  }

  function baseScale() {
    return Math.max(state.width / state.photo.width, state.height / state.photo.height);
  }

  // The photo always covers the whole picture: no empty corner can be dragged into view.
  function clamp() {
    var scale = baseScale() * state.zoom;
    var spareX = Math.max(0, (state.photo.width * scale - state.width) / 2);
    var spareY = Math.max(0, (state.photo.height * scale - state.height) / 2);
    state.x = Math.min(spareX, Math.max(-spareX, state.x));
    state.y = Math.min(spareY, Math.max(-spareY, state.y));
  }

  function draw() {
    if (canvas.width !== state.width) canvas.width = state.width;
    if (canvas.height !== state.height) canvas.height = state.height;
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, state.width, state.height);
    if (state.photo) {
      clamp();
      var scale = baseScale() * state.zoom;
      var w = state.photo.width * scale;
      var h = state.photo.height * scale;
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = "high";
      ctx.drawImage(state.photo, (state.width - w) / 2 + state.x, (state.height - h) / 2 + state.y, w, h);
    }
    if (state.frame) ctx.drawImage(state.frame, 0, 0, state.width, state.height);
  }

  function setZoom(zoom) {
    var next = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
    if (next !== state.zoom) {
      // Zoom around the picture's centre: the point in the middle stays in the middle.
      state.x *= next / state.zoom;
      state.y *= next / state.zoom;
      state.zoom = next;
    }
    zoomInput.value = String(Math.round(state.zoom * 100));
    draw();
  }

  function reset() {
    state.x = 0;
    state.y = 0;
    state.zoom = 1;
    zoomInput.value = "100";
    draw();
  }

  function chooseFrame() {
    var radio = chosenRadio();
    if (!radio) return Promise.resolve();
    state.frameId = radio.value;
    state.width = parseInt(radio.getAttribute("data-width"), 10) || 1080;
    state.height = parseInt(radio.getAttribute("data-height"), 10) || 1080;
    return loadImage(radio.getAttribute("data-src")).then(function (img) {
      if (chosenRadio() === radio) {
        state.frame = img;
        reset();
      }
    });
  }

  function choosePhoto() {
    var file = input.files && input.files[0];
    if (!file) return;
    say("loading");
    showError(false);
    loadPhoto(file)
      .then(function (photo) {
        if (state.photo && state.photo.close) state.photo.close();
        state.photo = photo;
        editor.hidden = false;
        reset();
        say("ready");
        canvas.focus({ preventScroll: true });
        editor.scrollIntoView({ block: "nearest" });
      })
      .catch(function () {
        say("failed");
        showError(true);
      });
  }

  // One CSS pixel on screen is this many pixels of the picture.
  function ratio() {
    var rect = canvas.getBoundingClientRect();
    return rect.width ? state.width / rect.width : 1;
  }

  canvas.addEventListener("pointerdown", function (event) {
    if (!state.photo) return;
    canvas.setPointerCapture(event.pointerId);
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (pointers.size === 2) {
      var points = Array.from(pointers.values());
      pinch = { distance: Math.hypot(points[0].x - points[1].x, points[0].y - points[1].y), zoom: state.zoom };
    }
  });

  canvas.addEventListener("pointermove", function (event) {
    var last = pointers.get(event.pointerId);
    if (!last) return;
    var current = { x: event.clientX, y: event.clientY };
    pointers.set(event.pointerId, current);
    if (pointers.size >= 2 && pinch) {
      var points = Array.from(pointers.values());
      var distance = Math.hypot(points[0].x - points[1].x, points[0].y - points[1].y);
      if (pinch.distance > 0) setZoom(pinch.zoom * (distance / pinch.distance));
      return;
    }
    var r = ratio();
    state.x += (current.x - last.x) * r;
    state.y += (current.y - last.y) * r;
    draw();
  });

  function release(event) {
    pointers.delete(event.pointerId);
    if (pointers.size < 2) pinch = null;
  }
  canvas.addEventListener("pointerup", release);
  canvas.addEventListener("pointercancel", release);

  canvas.addEventListener(
    "wheel",
    function (event) {
      if (!state.photo) return;
      event.preventDefault();
      setZoom(state.zoom * (event.deltaY < 0 ? 1.1 : 1 / 1.1));
    },
    { passive: false }
  );

  canvas.addEventListener("keydown", function (event) {
    if (!state.photo) return;
    var step = (event.shiftKey ? 50 : 10) * ratio();
    var handled = true;
    switch (event.key) {
      case "ArrowLeft":
        state.x -= step;
        draw();
        break;
      case "ArrowRight":
        state.x += step;
        draw();
        break;
      case "ArrowUp":
        state.y -= step;
        draw();
        break;
      case "ArrowDown":
        state.y += step;
        draw();
        break;
      case "+":
      case "=":
        setZoom(state.zoom * 1.1);
        break;
      case "-":
      case "_":
        setZoom(state.zoom / 1.1);
        break;
      case "0":
        reset();
        break;
      default:
        handled = false;
    }
    if (handled) event.preventDefault();
  });

  zoomInput.addEventListener("input", function () {
    setZoom(parseInt(zoomInput.value, 10) / 100);
  });

  function countDownload() {
    var data = new FormData();
    data.append("frame", state.frameId);
    data.append("csrfmiddlewaretoken", form.querySelector("input[name=csrfmiddlewaretoken]").value);
    fetch(form.getAttribute("data-count-url"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      keepalive: true,
    }).catch(function () {});
  }

  function download(type) {
    if (!state.photo) return;
    draw();
    canvas.toBlob(
      function (blob) {
        if (!blob) return;
        var link = document.createElement("a");
        var url = URL.createObjectURL(blob);
        link.href = url;
        link.download = "khongmotminh-khung-anh." + (type === "image/jpeg" ? "jpg" : "png");
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () {
          URL.revokeObjectURL(url);
        }, 10000);
        say("saved");
        countDownload();
      },
      type,
      0.92
    );
  }

  document.getElementById("frame-download-png").addEventListener("click", function () {
    download("image/png");
  });
  document.getElementById("frame-download-jpeg").addEventListener("click", function () {
    download("image/jpeg");
  });
  document.getElementById("frame-reset").addEventListener("click", reset);
  form.addEventListener("change", function (event) {
    if (event.target === input) choosePhoto();
    else if (event.target.name === "frame") chooseFrame();
  });

  chooseFrame();
  if (input.files && input.files[0]) choosePhoto();
})();
