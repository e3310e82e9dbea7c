/* Score sheet: autosave as the judge types (survives a reload: server draft + local copy), live total,
   keyboard shortcuts, comic page reader and image zoom. No external assets. */
(function () {
  "use strict";
  var form = document.querySelector("[data-sheet]");
  var status = document.querySelector("[data-status]");
  var key = form ? form.dataset.key : null;
  var timer = null;
  var inflight = false;
  var pending = false;

  function say(text, isError) {
    if (!status) return;
    status.textContent = text;
    status.classList.toggle("is-error", !!isError);
  }

  // Messages come translated from the page (data-*-text); the Vietnamese here is only a fallback.
  function text(name, fallback) { return (form && form.dataset[name]) || fallback; }

  function inputs() { return form ? Array.prototype.slice.call(form.querySelectorAll("[data-score]")) : []; }

  function snapshot() {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && el.name !== "csrfmiddlewaretoken" && el.name !== "action") data[el.name] = el.value;
    });
    return data;
  }

  function keepLocal() {
    try { localStorage.setItem(key, JSON.stringify({ at: Date.now(), data: snapshot() })); } catch (e) { /* private mode */ }
  }

  function dropLocal() { try { localStorage.removeItem(key); } catch (e) { /* ignore */ } }

  function total() {
    var sum = 0, weights = 0, complete = true;
    inputs().forEach(function (el) {
      var min = parseFloat(el.dataset.min), max = parseFloat(el.dataset.max), w = parseFloat(el.dataset.weight);
      var v = parseFloat(String(el.value).replace(",", "."));
      weights += w;
      if (isNaN(v)) { complete = false; return; }
      sum += w * (v - min) / (max - min);
    });
    var out = document.querySelector("[data-total]");
    if (out) out.textContent = complete && weights ? (100 * sum / weights).toFixed(1) : "—";
  }

  function showErrors(errors) {
    form.querySelectorAll("[data-error-for]").forEach(function (p) { p.hidden = true; p.textContent = ""; });
    var general = [];
    Object.keys(errors || {}).forEach(function (name) {
      var p = form.querySelector('[data-error-for="' + name + '"]');
      if (p) { p.textContent = errors[name].join(" "); p.hidden = false; } else { general.push(errors[name].join(" ")); }
    });
    return general.join(" ");
  }

  function save() {
    if (inflight) { pending = true; return; }
    inflight = true;
    say(text("savingText", "Đang lưu…"));
    var body = new FormData(form);
    body.set("action", "save");
    fetch(form.dataset.autosaveUrl, { method: "POST", body: body, credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { return r.json().then(function (j) { return { status: r.status, json: j }; }); })
      .then(function (res) {
        if (res.json.ok) {
          showErrors({});
          dropLocal();
          form.dataset.version = res.json.version;
          say((res.json.state === "submitted" ? text("savedSubmittedText", "Đã nộp · đã lưu lúc") : text("savedDraftText", "Đã lưu nháp lúc")) + " " + res.json.saved_at);
        } else {
          var general = showErrors(res.json.errors);
          say(text("notSavedText", "Chưa lưu được:") + " " + (general || text("fixFieldsText", "hãy sửa các ô được đánh dấu.")), true);
        }
      })
      .catch(function () { say(text("offlineText", "Mất kết nối: bản nháp được giữ trên máy này và sẽ lưu khi có mạng."), true); })
      .finally(function () {
        inflight = false;
        if (pending) { pending = false; save(); }
      });
  }

  function scheduleSave() {
    keepLocal();
    total();
    clearTimeout(timer);
    timer = setTimeout(save, 500);
  }

  if (form) {
    var local = null;
    try { local = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { local = null; }
    if (local && local.data) {
      Object.keys(local.data).forEach(function (name) {
        var el = form.elements[name];
        if (el && !el.disabled) el.value = local.data[name];
      });
      save();
    }
    total();
    form.addEventListener("input", scheduleSave);
    form.addEventListener("submit", function () { clearTimeout(timer); dropLocal(); });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden" && timer) {
        clearTimeout(timer);
        timer = null;
        var body = new FormData(form);
        body.set("action", "save");
        if (navigator.sendBeacon) navigator.sendBeacon(form.dataset.autosaveUrl, body);
      }
    });
    inputs().forEach(function (el, i, all) {
      el.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter" && !ev.ctrlKey && !ev.metaKey) {
          ev.preventDefault();
          var next = all[i + 1];
          if (next) next.focus(); else (form.querySelector("textarea") || el).focus();
        }
      });
    });
  }

  function typing(target) {
    return target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT" || target.isContentEditable);
  }

  var readers = Array.prototype.slice.call(document.querySelectorAll("[data-reader]"));
  readers.forEach(function (reader) {
    var pages = reader.querySelectorAll("[data-page]");
    var at = 0;
    reader.turn = function (by) {
      pages[at].hidden = true;
      at = Math.max(0, Math.min(pages.length - 1, at + by));
      pages[at].hidden = false;
      reader.querySelector("[data-counter]").textContent = at + 1;
    };
    reader.querySelector("[data-prev]").addEventListener("click", function () { reader.turn(-1); });
    reader.querySelector("[data-next]").addEventListener("click", function () { reader.turn(1); });
  });
  document.querySelectorAll("[data-zoom]").forEach(function (img) {
    img.addEventListener("click", function () { img.classList.toggle("zoomed"); });
  });
  var help = document.querySelector("[data-help]");
  var helpToggle = document.querySelector("[data-help-toggle]");
  if (helpToggle) helpToggle.addEventListener("click", function () { help.hidden = !help.hidden; });

  document.addEventListener("keydown", function (ev) {
    if (form && (ev.ctrlKey || ev.metaKey) && ev.key === "Enter") {
      ev.preventDefault();
      var next = form.querySelector("[data-submit-next]");
      if (next) { clearTimeout(timer); next.click(); }
      return;
    }
    if (form && (ev.ctrlKey || ev.metaKey) && (ev.key === "s" || ev.key === "S")) {
      ev.preventDefault();
      clearTimeout(timer);
      save();
      return;
    }
    if (typing(ev.target) || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === "g" && inputs().length) { ev.preventDefault(); inputs()[0].focus(); }
    else if (ev.key === "n" && readers[0]) readers[0].turn(1);
    else if (ev.key === "p" && readers[0]) readers[0].turn(-1);
    else if (ev.key === "z") { var img = document.querySelector("[data-zoom]"); if (img) img.classList.toggle("zoomed"); }
    else if (ev.key === "?" && help) help.hidden = !help.hidden;
  });
})();
