// Entry page: resumable uploads (chunks to our server, or parts straight to the bucket) and draft autosave.
// The server decides everything (limits, deadline, checksum); the checks here only save the entrant a wait.
(function () {
  "use strict";

  var ZERO_ID = "00000000-0000-0000-0000-000000000000";

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function sleep(ms) { return new Promise(function (resolve) { setTimeout(resolve, ms); }); }

  function humanSize(bytes) {
    if (bytes >= 1073741824) { return (bytes / 1073741824).toFixed(1) + " GB"; }
    if (bytes >= 1048576) { return (bytes / 1048576).toFixed(1) + " MB"; }
    return Math.max(1, Math.round(bytes / 1024)) + " KB";
  }

  // ---- SHA-256: the browser's own when the page is a secure context, else a small fallback. ----
  var K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2]);

  function sha256Fallback(bytes) {
    var h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
      0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
    var length = bytes.length;
    var padded = new Uint8Array(((length + 9 + 63) >> 6) << 6);
    padded.set(bytes);
    padded[length] = 0x80;
    var view = new DataView(padded.buffer);
    view.setUint32(padded.length - 8, Math.floor(length / 0x20000000));
    view.setUint32(padded.length - 4, (length << 3) >>> 0);
    var w = new Uint32Array(64);
    for (var offset = 0; offset < padded.length; offset += 64) {
      for (var i = 0; i < 16; i++) { w[i] = view.getUint32(offset + i * 4); }
      for (i = 16; i < 64; i++) {
        var a = w[i - 15], b = w[i - 2];
        var s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
        var s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
      }
      var A = h[0], B = h[1], C = h[2], D = h[3], E = h[4], F = h[5], G = h[6], H = h[7];
      for (i = 0; i < 64; i++) {
        var S1 = ((E >>> 6) | (E << 26)) ^ ((E >>> 11) | (E << 21)) ^ ((E >>> 25) | (E << 7));
        var t1 = (H + S1 + ((E & F) ^ (~E & G)) + K[i] + w[i]) | 0;
        var S0 = ((A >>> 2) | (A << 30)) ^ ((A >>> 13) | (A << 19)) ^ ((A >>> 22) | (A << 10));
        var t2 = (S0 + ((A & B) ^ (A & C) ^ (B & C))) | 0;
        H = G; G = F; F = E; E = (D + t1) | 0; D = C; C = B; B = A; A = (t1 + t2) | 0;
      }
      h[0] += A; h[1] += B; h[2] += C; h[3] += D; h[4] += E; h[5] += F; h[6] += G; h[7] += H;
    }
    var out = new Uint8Array(32);
    var outView = new DataView(out.buffer);
    for (i = 0; i < 8; i++) { outView.setUint32(i * 4, h[i]); }
    return out;
  }

  function sha256(buffer) {
    if (window.crypto && window.crypto.subtle) {
      return window.crypto.subtle.digest("SHA-256", buffer).then(function (d) { return new Uint8Array(d); });
    }
    return Promise.resolve(sha256Fallback(new Uint8Array(buffer)));
  }

  function hex(bytes) {
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function readSlice(blob) {
    if (blob.arrayBuffer) { return blob.arrayBuffer(); }
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(reader.result); };
      reader.onerror = function () { reject(reader.error); };
      reader.readAsArrayBuffer(blob);
    });
  }

  // ---- requests ----
  function postForm(url, data) {
    var body = new URLSearchParams();
    Object.keys(data).forEach(function (key) { body.append(key, data[key]); });
    return fetch(url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" }
    }).then(readJson);
  }

  function getJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } }).then(readJson);
  }

  function readJson(response) {
    return response.json().catch(function () { return {}; }).then(function (data) {
      data.status = response.status;
      return data;
    });
  }

  // PUT with upload progress; resolves {status, data} or rejects on a network failure.
  function put(url, blob, headers, onProgress) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open("PUT", url, true);
      Object.keys(headers).forEach(function (key) { xhr.setRequestHeader(key, headers[key]); });
      xhr.upload.onprogress = function (event) { if (event.lengthComputable) { onProgress(event.loaded); } };
      xhr.onload = function () {
        var data = {};
        try { data = JSON.parse(xhr.responseText || "{}"); } catch (e) { data = {}; }
        resolve({ status: xhr.status, data: data });
      };
      xhr.onerror = function () { reject(new Error("network")); };
      xhr.onabort = function () { reject(new Error("network")); };
      xhr.ontimeout = function () { reject(new Error("network")); };
      xhr.send(blob);
    });
  }

  function UploadError(message) { this.message = message; }

  // ---- one file ----
  function clientKey(entry, file) {
    var id = ["kmm-upload", entry, file.name, file.size, file.lastModified].join("|");
    var key = null;
    try { key = window.localStorage.getItem(id); } catch (e) { key = null; }
    if (!key) {
      key = (window.crypto && window.crypto.randomUUID) ? window.crypto.randomUUID() :
        "10000000-1000-4000-8000-100000000000".replace(/[018]/g, function (c) {
          return (c ^ (Math.random() * 16 >> c / 4)).toString(16);
        });
      try { window.localStorage.setItem(id, key); } catch (e) { /* private mode: no resume across visits */ }
    }
    return { id: id, key: key };
  }

  function Row(list, file) {
    this.item = document.createElement("li");
    this.item.className = "upload-item";
    var name = document.createElement("strong");
    name.textContent = file.name;
    this.bar = document.createElement("progress");
    this.bar.className = "progress";
    this.bar.max = file.size || 1;
    this.bar.value = 0;
    this.bar.setAttribute("aria-label", file.name);
    this.text = document.createElement("span");
    this.text.className = "upload-status";
    this.text.setAttribute("role", "status");
    this.item.appendChild(name);
    this.item.appendChild(this.bar);
    this.item.appendChild(this.text);
    list.appendChild(this.item);
    this.size = file.size;
  }
  Row.prototype.progress = function (sent) {
    this.bar.value = Math.min(sent, this.size);
    var percent = this.size ? Math.floor(sent * 100 / this.size) : 100;
    this.text.textContent = " " + humanSize(Math.min(sent, this.size)) + " / " + humanSize(this.size) + " (" + percent + "%)";
  };
  Row.prototype.say = function (message, isError) {
    this.text.textContent = " " + message;
    this.item.classList.toggle("error", !!isError);
  };

  function Uploader(root) {
    this.root = root;
    this.d = root.dataset;
    this.list = root.querySelector("#upload-list");
    this.digests = [];
  }

  Uploader.prototype.url = function (template, id) { return template.replace(ZERO_ID, id); };

  // Retries a step after a dropped connection or a server hiccup, with a growing pause.
  Uploader.prototype.withRetry = function (row, step) {
    var self = this;
    var attempt = 0;
    function run() {
      return step().catch(function (error) {
        if (error instanceof UploadError) { throw error; }
        attempt += 1;
        if (attempt > 30) { throw new UploadError(self.d.msgFailed); }
        row.say(self.d.msgOffline, false);
        return sleep(Math.min(30000, 500 * Math.pow(2, Math.min(attempt, 6)))).then(run);
      });
    }
    return run();
  };

  Uploader.prototype.chunkDigest = function (file, session, index) {
    var self = this;
    if (self.digests[index]) { return Promise.resolve(self.digests[index]); }
    var start = index * session.chunk_size;
    return readSlice(file.slice(start, Math.min(file.size, start + session.chunk_size)))
      .then(sha256).then(function (digest) { self.digests[index] = digest; return digest; });
  };

  Uploader.prototype.checksum = function (file, session) {
    var self = this;
    var all = new Uint8Array(session.part_count * 32);
    var index = 0;
    function next() {
      if (index >= session.part_count) { return sha256(all.buffer).then(hex); }
      return self.chunkDigest(file, session, index).then(function (digest) {
        all.set(digest, index * 32);
        index += 1;
        return next();
      });
    }
    return next();
  };

  // Embedded default: chunks at an explicit offset; the server says where to resume.
  Uploader.prototype.sendChunks = function (file, session, row) {
    var self = this;
    var uploadUrl = self.url(self.d.uploadUrl, session.id);
    var offset = session.received;
    function status() {
      return getJson(uploadUrl).then(function (data) {
        if (data.status >= 500 || data.status === 0) { throw new Error("server"); }
        if (!data.ok) { throw new UploadError(data.error || self.d.msgFailed); }
        offset = data.received;
        return data;
      });
    }
    function sendOne() {
      if (offset >= file.size) { return Promise.resolve(); }
      var index = Math.floor(offset / session.chunk_size);
      var end = Math.min(file.size, offset + session.chunk_size);
      var blob = file.slice(offset, end);
      return self.chunkDigest(file, session, index).then(function (digest) {
        var base = offset;
        return put(uploadUrl + "?offset=" + offset, blob,
          { "X-CSRFToken": csrfToken(), "X-Chunk-Sha256": hex(digest), "Content-Type": "application/octet-stream" },
          function (loaded) { row.progress(base + loaded); });
      }).then(function (result) {
        if (result.status === 200) { offset = result.data.received; row.progress(offset); return sendOne(); }
        if (result.status === 409 && typeof result.data.received === "number") {
          offset = result.data.received;
          return sendOne();
        }
        if (result.status >= 500 || result.status === 0) { throw new Error("server"); }
        throw new UploadError(result.data.error || self.d.msgFailed);
      });
    }
    function loop() {
      return sendOne().catch(function (error) {
        if (error instanceof UploadError) { throw error; }
        row.say(self.d.msgOffline, false);
        return self.withRetry(row, status).then(function () { row.say(self.d.msgResumed, false); return loop(); });
      });
    }
    return loop();
  };

  // Object storage: parts straight to the bucket through presigned URLs; done parts are skipped.
  Uploader.prototype.sendParts = function (file, session, row) {
    var self = this;
    var uploadUrl = self.url(self.d.uploadUrl, session.id);
    var presignUrl = self.url(self.d.presignUrl, session.id);
    var done = {};
    (session.parts_done || []).forEach(function (n) { done[n] = true; });
    function partSize(n) { return Math.min(session.chunk_size, file.size - (n - 1) * session.chunk_size); }
    function doneBytes() {
      var total = 0;
      Object.keys(done).forEach(function (n) { total += partSize(Number(n)); });
      return total;
    }
    function missing() {
      var list = [];
      for (var n = 1; n <= session.part_count; n++) { if (!done[n]) { list.push(n); } }
      return list;
    }
    function batch() {
      var todo = missing().slice(0, 10);
      if (!todo.length) { return Promise.resolve(); }
      return postForm(presignUrl, { parts: todo.join(",") }).then(function (data) {
        if (data.status >= 500 || data.status === 0) { throw new Error("server"); }
        if (!data.ok) { throw new UploadError(data.error || self.d.msgFailed); }
        var chain = Promise.resolve();
        data.parts.forEach(function (part) {
          chain = chain.then(function () {
            var start = (part.number - 1) * session.chunk_size;
            var base = doneBytes();
            return self.chunkDigest(file, session, part.number - 1).then(function () {
              return put(part.url, file.slice(start, start + partSize(part.number)), {},
                function (loaded) { row.progress(base + loaded); });
            }).then(function (result) {
              if (result.status !== 200) { throw new Error("storage"); }
              done[part.number] = true;
              failures = 0;
              row.progress(doneBytes());
            });
          });
        });
        return chain.then(batch);
      });
    }
    function status() {
      return getJson(uploadUrl).then(function (data) {
        if (data.status >= 500 || data.status === 0) { throw new Error("server"); }
        if (!data.ok) { throw new UploadError(data.error || self.d.msgFailed); }
        done = {};
        (data.parts_done || []).forEach(function (n) { done[n] = true; });
      });
    }
    // The bucket can be unreachable while our server answers (S3 down, the path to it cut): the status check
    // then succeeds at once, so the pause grows with each part that fails in a row, or the page would hammer.
    var failures = 0;
    function loop() {
      return batch().catch(function (error) {
        if (error instanceof UploadError) { throw error; }
        failures += 1;
        if (failures > 30) { throw new UploadError(self.d.msgFailed); }
        row.say(self.d.msgOffline, false);
        return sleep(Math.min(30000, 500 * Math.pow(2, Math.min(failures, 6)))).then(function () {
          return self.withRetry(row, status);
        }).then(function () { row.say(self.d.msgResumed, false); return loop(); });
      });
    }
    row.progress(doneBytes());
    return loop();
  };

  Uploader.prototype.upload = function (file) {
    var self = this;
    var row = new Row(self.list, file);
    self.digests = [];
    var key = clientKey(self.d.entry, file);
    var session = null;
    function start() {
      return postForm(self.d.startUrl, { name: file.name, size: file.size, client_key: key.key }).then(function (data) {
        if (data.status >= 500 || data.status === 0) { throw new Error("server"); }
        if (!data.ok) { throw new UploadError(data.error || self.d.msgFailed); }
        session = data;
      });
    }
    function complete() {
      row.say(self.d.msgChecking, false);
      return self.checksum(file, session).then(function (checksum) {
        return postForm(self.url(self.d.completeUrl, session.id), { checksum: checksum });
      }).then(function (data) {
        if (data.status >= 500 || data.status === 0) { throw new Error("server"); }
        if (!data.ok) { throw new UploadError(data.error || self.d.msgFailed); }
        return data;
      });
    }
    return self.withRetry(row, start).then(function () {
      if (session.state === "completed") { return null; }
      row.progress(session.received);
      return session.backend === "s3" ? self.sendParts(file, session, row) : self.sendChunks(file, session, row);
    }).then(function () {
      return session.state === "completed" ? null : self.withRetry(row, complete);
    }).then(function () {
      try { window.localStorage.removeItem(key.id); } catch (e) { /* nothing to forget */ }
      row.progress(file.size);
      row.say(self.d.msgDone, false);
      return true;
    }).catch(function (error) {
      if (error instanceof UploadError &&
          /(kết thúc|mã kiểm tra)/.test(error.message)) {
        try { window.localStorage.removeItem(key.id); } catch (e) { /* nothing to forget */ }
      }
      row.say(error.message || self.d.msgFailed, true);
      return false;
    });
  };

  Uploader.prototype.accepts = function (file) {
    var accept = (this.d.accept || "").toLowerCase().split(",").filter(Boolean);
    var dot = file.name.lastIndexOf(".");
    return !accept.length || (dot >= 0 && accept.indexOf(file.name.slice(dot).toLowerCase()) >= 0);
  };

  Uploader.prototype.pick = function (files) {
    var self = this;
    self.list.textContent = "";
    files = Array.prototype.slice.call(files);
    var problems = [];
    if (files.length > Number(self.d.remaining)) { problems.push(self.d.msgTooMany); }
    files.forEach(function (file) {
      if (file.size > Number(self.d.maxBytes)) { problems.push(self.d.msgTooBig.replace("%s", file.name)); }
      if (!self.accepts(file)) { problems.push(self.d.msgKind.replace("%s", file.name)); }
    });
    if (problems.length) {
      problems.forEach(function (message) {
        var item = document.createElement("li");
        item.className = "error";
        item.setAttribute("role", "alert");
        item.textContent = message;
        self.list.appendChild(item);
      });
      return;
    }
    var results = [];
    var chain = Promise.resolve();
    files.forEach(function (file) {
      chain = chain.then(function () { return self.upload(file); }).then(function (ok) { results.push(ok); });
    });
    chain.then(function () {
      if (results.length && results.every(Boolean)) { window.location.reload(); }
    });
  };

  var root = document.getElementById("uploader");
  if (root) {
    var uploader = new Uploader(root);
    var input = root.querySelector("#file-input");
    input.addEventListener("change", function () { if (input.files.length) { uploader.pick(input.files); } });
  }

  // ---- draft autosave ----
  var form = document.getElementById("entry-form");
  if (form && form.dataset.autosaveUrl && !form.querySelector("fieldset[disabled]")) {
    var statusNode = document.getElementById("autosave-status");
    var timer = null;
    var dirty = false;
    var saving = Promise.resolve();
    var save = function () {
      if (!dirty) { return saving; }
      dirty = false;
      saving = fetch(form.dataset.autosaveUrl, {
        method: "POST", body: new FormData(form), credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" }
      }).then(readJson).then(function (data) {
        statusNode.textContent = data.ok ? data.message : (data.error || "");
        statusNode.classList.toggle("error", !data.ok);
      }).catch(function () { dirty = true; });
      return saving;
    };
    form.addEventListener("input", function () {
      dirty = true;
      clearTimeout(timer);
      timer = setTimeout(save, 1200);
    });
    var submitForm = document.getElementById("submit-form");
    if (submitForm) {
      submitForm.addEventListener("submit", function (event) {
        if (!dirty) { return; }
        event.preventDefault();
        clearTimeout(timer);
        save().then(function () { submitForm.submit(); });
      });
    }
  }
})();
