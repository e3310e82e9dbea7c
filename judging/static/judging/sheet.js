/* Score sheet: autosave as the judge types (survives a reload: server draft + local copy), live total,
   keyboard shortcuts, comic page reader and image zoom. No external assets.
   Every save sends the version it was based on; the server refuses a stale one (409) with the saved sheet,
   and the page shows both versions and lets the judge choose. A submitted sheet is never autosaved: it
   changes only when the judge presses "Nộp lại phiếu". */
(function () {
  "use strict";
  var form = document.querySelector("[data-sheet]");
  var status = document.querySelector("[data-status]");
  var key = form ? form.dataset.key : null;
  var timer = null;
  var inflight = false;
  var pending = false;
  var versionInput = form ? form.querySelector("[data-version]") : null;
  var conflictBox = document.querySelector("[data-conflict]");
  var submitted = form ? form.dataset.submitted === "1" : false;
  var leaving = false;
  var submitAfter = null;

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
      if (el.name && el.name !== "csrfmiddlewaretoken" && el.name !== "action" && el.name !== "version") data[el.name] = el.value;
    });
    return data;
  }

  function keepLocal() {
    // The version the local copy was based on travels with it: a stale local draft is refused, never applied.
    try { localStorage.setItem(key, JSON.stringify({ at: Date.now(), version: versionInput.value, data: snapshot() })); } catch (e) { /* private mode */ }
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

  function sameAsSaved(saved) {
    var mine = snapshot();
    return Object.keys(mine).every(function (name) {
      var ours = String(mine[name] || "").trim().replace(",", ".");
      if (name.indexOf("c_") === 0) {
        var theirs = saved.scores[name.slice(2)];
        return ours === "" ? theirs === undefined : theirs !== undefined && parseFloat(ours) === parseFloat(theirs);
      }
      return ours === String(saved[name] || "").trim();
    });
  }

  function showConflict(saved) {
    if (!conflictBox) return;
    var rows = conflictBox.querySelector("[data-conflict-rows]");
    rows.textContent = "";
    var mine = snapshot();
    var fields = inputs().map(function (el) { return [el.dataset.name, el.value || "—", saved.scores[el.name.slice(2)] || "—"]; });
    ["comment_organisers", "comment_entrant"].forEach(function (name) {
      var label = form.querySelector('label[for="' + (form.elements[name] || {}).id + '"]');
      fields.push([label ? label.textContent : name, mine[name] || "—", saved[name] || "—"]);
    });
    fields.forEach(function (f) {
      var tr = document.createElement("tr");
      var th = document.createElement("th"); th.textContent = f[0]; tr.appendChild(th);
      [f[1], f[2]].forEach(function (v) { var td = document.createElement("td"); td.textContent = v; tr.appendChild(td); });
      rows.appendChild(tr);
    });
    conflictBox.querySelector("[data-conflict-state]").textContent = saved.state_label || saved.state;
    conflictBox.querySelector("[data-conflict-total]").textContent = saved.total || "—";
    var useMine = conflictBox.querySelector("[data-use-mine]");
    useMine.value = saved.state === "submitted" ? "resubmit" : "save";
    conflictBox.dataset.savedVersion = saved.version;
    conflictBox.hidden = false;
    conflictBox.scrollIntoView({ block: "nearest" });
  }

  function save(keepalive) {
    if (leaving) return;
    if (submitted) { keepLocal(); say(text("heldText", "Phiếu đã nộp: thay đổi chỉ được lưu khi thầy cô bấm “Nộp lại phiếu”.")); return; }
    if (conflictBox && !conflictBox.hidden) { keepLocal(); return; }
    if (inflight) { pending = true; return; }
    inflight = true;
    say(text("savingText", "Đang lưu…"));
    var body = new FormData(form);
    body.set("action", "save");
    fetch(form.dataset.autosaveUrl, { method: "POST", body: body, credentials: "same-origin", keepalive: !!keepalive, headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { return r.json().then(function (j) { return { status: r.status, json: j }; }); })
      .then(function (res) {
        if (res.json.ok) {
          showErrors({});
          dropLocal();
          versionInput.value = res.json.version;
          say((res.json.state === "submitted" ? text("savedSubmittedText", "Đã nộp · đã lưu lúc") : text("savedDraftText", "Đã lưu nháp lúc")) + " " + res.json.saved_at);
        } else if (res.status === 409 && res.json.saved) {
          var saved = res.json.saved;
          if (saved.state !== "submitted" && sameAsSaved(saved)) {
            // Our own earlier save (say, sent as the tab was hidden) got there first: nothing to choose.
            versionInput.value = saved.version;
            dropLocal();
            say(text("savedDraftText", "Đã lưu nháp lúc") + " " + new Date().toLocaleTimeString());
          } else {
            keepLocal();
            showConflict(saved);
            say(res.json.errors.__all__.join(" "), true);
          }
        } else {
          var general = showErrors(res.json.errors);
          say(text("notSavedText", "Chưa lưu được:") + " " + (general || text("fixFieldsText", "hãy sửa các ô được đánh dấu.")), true);
        }
      })
      .catch(function () { say(text("offlineText", "Mất kết nối: bản nháp được giữ trên máy này và sẽ lưu khi có mạng."), true); })
      .finally(function () {
        inflight = false;
        if (submitAfter) {
          // The judge submitted while this save was under way: post now, with the version it returned.
          var button = submitAfter;
          submitAfter = null;
          pending = false;
          form.requestSubmit(button.form === form ? button : undefined);
          return;
        }
        if (pending) { pending = false; save(); }
      });
  }

  function scheduleSave() {
    keepLocal();
    total();
    clearTimeout(timer);
    timer = setTimeout(function () { timer = null; save(); }, 500);
  }

  if (form) {
    var local = null;
    try { local = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { local = null; }
    if (local && local.data && conflictBox && conflictBox.hidden) {
      Object.keys(local.data).forEach(function (name) {
        var el = form.elements[name];
        if (el && !el.disabled) el.value = local.data[name];
      });
      // Sent with the version the local copy was based on: if the sheet moved on since, the server refuses it
      // and the judge chooses. An up-to-date local copy of a submitted sheet waits for an explicit re-submit.
      var base = local.version === undefined || local.version === null ? "0" : String(local.version);
      var stale = base !== versionInput.value;
      versionInput.value = base;
      if (submitted && !stale) save();
      else { var held = submitted; submitted = false; save(); submitted = held; }
    }
    if (conflictBox) {
      var keep = conflictBox.querySelector("[data-keep-saved]");
      if (keep) keep.addEventListener("click", dropLocal);
      var useMine = conflictBox.querySelector("[data-use-mine]");
      if (useMine) useMine.addEventListener("click", function (ev) {
        if (conflictBox.dataset.savedVersion !== undefined) versionInput.value = conflictBox.dataset.savedVersion;
        if (useMine.value === "save") {
          ev.preventDefault();
          conflictBox.hidden = true;
          save();
        }
        // "resubmit" goes through as an ordinary post: the saved sheet is submitted, so mine must be complete.
      });
    }
    total();
    form.addEventListener("input", scheduleSave);
    form.addEventListener("submit", function (ev) {
      if (inflight) { ev.preventDefault(); submitAfter = ev.submitter || form; return; }
      clearTimeout(timer);
      timer = null;
      leaving = true;
      dropLocal();
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden" && timer) {
        clearTimeout(timer);
        timer = null;
        save(true);
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
    if (ev.key === "g" && inputs().length) { ev.preventDefault(); inputs()[0].focus(); inputs()[0].select(); }
    else if (ev.key === "n" && readers[0]) readers[0].turn(1);
    else if (ev.key === "p" && readers[0]) readers[0].turn(-1);
    else if (ev.key === "z") { var img = document.querySelector("[data-zoom]"); if (img) img.classList.toggle("zoomed"); }
    else if (ev.key === "?" && help) help.hidden = !help.hidden;
  });
})();
