// A pupil's phone in a live quiz: the session's events arrive by server-sent events (the current state first
// on every (re)connect), the clock is the server's (deadline and server time come with each state), answers
// are posted and the phone learns whether it was right only at the reveal, from its own standing.
(function () {
  "use strict";
  var root = document.getElementById("live-phone");
  if (!root) { return; }
  var strings = JSON.parse(document.getElementById("live-strings").textContent);
  var csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;
  var $ = function (id) { return document.getElementById(id); };
  var sections = ["live-lobby", "live-question", "live-waiting", "live-reveal", "live-finished"];
  var state = null, offset = 0, timer = null, answeredAt = null, selected = [];

  function fill(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }
  function show(id) {
    sections.forEach(function (s) { $(s).hidden = s !== id; });
  }
  function status(text) {
    $("live-status").textContent = text || "";
    $("live-status").hidden = !text;
  }
  function tick() {
    if (!state || state.phase !== "question") { return; }
    var left = Math.max(0, Math.ceil((state.deadline_ms - (Date.now() + offset)) / 1000));
    $("live-seconds").textContent = left;
    if (left === 0 && answeredAt !== state.position) {
      show("live-waiting");
      $("live-waiting-text").textContent = strings.timeout;
    }
  }
  function post(choiceIds) {
    var body = new URLSearchParams();
    body.append("position", state.position);
    choiceIds.forEach(function (id) { body.append("choice", id); });
    var position = state.position;
    answeredAt = position;
    show("live-waiting");
    $("live-waiting-text").textContent = strings.sending;
    fetch(root.dataset.answer, {
      method: "POST", body: body, credentials: "same-origin",
      headers: {"X-CSRFToken": csrf, "Accept": "application/json"},
    }).then(function (response) {
      return response.json().then(function (data) { return {ok: response.ok, data: data}; });
    }).then(function (result) {
      if (!state || state.position !== position) { return; }
      $("live-waiting-text").textContent = result.ok ? result.data.message : result.data.error;
    }).catch(function () {
      answeredAt = null;
      status(strings.offline);
      renderQuestion();
    });
  }
  function renderQuestion() {
    var q = state.question;
    $("live-progress").textContent = fill(strings.progress, {n: state.number, total: state.total});
    $("live-question-text").textContent = q.text;
    var box = $("live-choices");
    box.textContent = "";
    selected = [];
    q.choices.forEach(function (choice, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "quiz-choice live-choice live-choice-" + index;
      button.dataset.choice = choice.id;
      button.setAttribute("aria-pressed", "false");
      button.textContent = choice.text;
      button.addEventListener("click", function () {
        if (q.multiple) {
          var at = selected.indexOf(choice.id);
          if (at >= 0) { selected.splice(at, 1); } else { selected.push(choice.id); }
          button.setAttribute("aria-pressed", at >= 0 ? "false" : "true");
        } else {
          post([choice.id]);
        }
      });
      box.appendChild(button);
    });
    $("live-multiple-help").hidden = !q.multiple;
    $("live-submit").hidden = !q.multiple;
    show("live-question");
    tick();
  }
  $("live-submit").addEventListener("click", function () {
    if (selected.length) { post(selected.slice()); }
  });
  function renderMe(me) {
    $("live-score").textContent = me.score;
    if (state.phase === "reveal") {
      var verdict = !me.answered ? strings.no_answer : (me.correct ? strings.right : strings.wrong);
      $("live-verdict").textContent = verdict;
      $("live-verdict").className = "quiz-verdict " + (me.correct ? "quiz-verdict-right" : "quiz-verdict-wrong");
      $("live-points").textContent = fill(strings.points, {p: me.points || 0});
      $("live-rank").textContent = fill(strings.rank, {r: me.rank, s: me.score});
    }
    if (state.phase === "finished") {
      $("live-final-score").textContent = fill(strings.final_score, {s: me.score});
      $("live-final-rank").textContent = fill(strings.rank, {r: me.rank, s: me.score});
    }
  }
  function fetchMe(delay) {
    window.setTimeout(function () {
      fetch(root.dataset.me, {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (r) { return r.json(); }).then(renderMe).catch(function () {});
    }, delay);
  }
  function onState(next) {
    var changed = !state || state.phase !== next.phase || state.position !== next.position;
    state = next;
    offset = next.now_ms - Date.now();
    if (next.me) {
      if (next.me.answered) { answeredAt = next.position; }
      renderMe(next.me);
    }
    if (next.phase === "lobby") { show("live-lobby"); }
    if (next.phase === "question" && changed) {
      if (answeredAt === next.position) { show("live-waiting"); } else { renderQuestion(); }
    }
    if (next.phase === "reveal") {
      $("live-explanation").textContent = next.reveal.explanation || "";
      show("live-reveal");
      // Every phone asks for its own standing: spread over a second so 500 phones do not ask at once.
      if (!next.me) { fetchMe(Math.random() * 1000); }
    }
    if (next.phase === "finished") {
      show("live-finished");
      if (!next.me) { fetchMe(Math.random() * 1000); }
    }
  }
  function connect() {
    var source = new EventSource(root.dataset.stream);
    source.onmessage = function (message) {
      status("");
      var event = JSON.parse(message.data);
      if (event.type === "state") { onState(event); }
    };
    source.onerror = function () {
      if (state && state.phase === "finished") { source.close(); return; }
      status(strings.reconnecting);
    };
  }
  timer = window.setInterval(tick, 250);
  connect();
})();
