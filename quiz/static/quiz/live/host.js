// The teacher's projector screen: the join code and count, each question with the server's countdown and the
// answer count live, the reveal with the right answer, the explanation and the leaderboard, and the moves
// (start, reveal, next, finish). When the clock runs out the screen reveals by itself.
(function () {
  "use strict";
  var root = document.getElementById("live-host");
  if (!root) { return; }
  var strings = JSON.parse(document.getElementById("live-strings").textContent);
  var csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;
  var $ = function (id) { return document.getElementById(id); };
  var state = null, offset = 0, revealAsked = null, joined = 0;
  var GRACE_MS = 1700;  // the server still takes answers for 1.5 s after the deadline (slow networks)

  function fill(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }
  function status(text) {
    $("live-status").textContent = text || "";
    $("live-status").hidden = !text;
  }
  function move(to) {
    var body = new URLSearchParams();
    body.append("to", to);
    return fetch(root.dataset.move, {
      method: "POST", body: body, credentials: "same-origin",
      headers: {"X-CSRFToken": csrf, "Accept": "application/json"},
    }).then(function (response) {
      return response.json().then(function (data) { if (!response.ok) { status(data.error); } });
    }).catch(function () { status(strings.offline); });
  }
  document.querySelectorAll("[data-move-to]").forEach(function (button) {
    button.addEventListener("click", function () { move(button.dataset.moveTo); });
  });
  function tick() {
    if (!state || state.phase !== "question") { return; }
    var leftMs = state.deadline_ms - (Date.now() + offset);
    $("live-seconds").textContent = Math.max(0, Math.ceil(leftMs / 1000));
    if (leftMs < -GRACE_MS && revealAsked !== state.position) {
      revealAsked = state.position;
      move("reveal");
    }
  }
  function renderBoard(rows) {
    var body = $("live-leaderboard").querySelector("tbody");
    body.textContent = "";
    rows.forEach(function (row) {
      var tr = document.createElement("tr");
      [row.rank, row.name, row.score].forEach(function (value, index) {
        var td = document.createElement("td");
        td.textContent = value;
        if (index !== 1) { td.className = "num"; }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
  }
  function renderChoices(question, reveal) {
    var list = $("live-choices");
    list.textContent = "";
    question.choices.forEach(function (choice, index) {
      var li = document.createElement("li");
      li.className = "live-host-choice live-choice-" + index;
      var text = document.createElement("span");
      text.textContent = choice.text;
      li.appendChild(text);
      if (reveal) {
        var count = document.createElement("strong");
        count.className = "live-count";
        count.textContent = reveal.counts[choice.id] || 0;
        li.appendChild(count);
        if (reveal.correct.indexOf(choice.id) >= 0) {
          li.classList.add("is-right");
          var mark = document.createElement("span");
          mark.className = "badge badge-brand";
          mark.textContent = strings.right_answer;
          li.appendChild(mark);
        }
      }
      list.appendChild(li);
    });
  }
  function setJoined(count) {
    joined = count;
    $("live-joined").textContent = count;
  }
  function onState(next) {
    state = next;
    offset = next.now_ms - Date.now();
    setJoined(next.joined);
    $("live-answered").textContent = fill(strings.answered, {a: next.answered, n: joined});
    $("live-lobby").hidden = next.phase !== "lobby";
    $("live-question").hidden = !(next.phase === "question" || next.phase === "reveal");
    $("live-board").hidden = !(next.phase === "reveal" || next.phase === "finished");
    $("live-finished").hidden = next.phase !== "finished";
    if (next.question) {
      $("live-progress").textContent = fill(strings.progress, {n: next.number, total: next.total});
      $("live-question-text").textContent = next.question.text;
      renderChoices(next.question, next.reveal);
    }
    $("live-reveal-button").hidden = next.phase !== "question";
    $("live-seconds").parentNode.hidden = next.phase !== "question";
    $("live-explanation").textContent = next.reveal ? next.reveal.explanation : "";
    $("live-next-button").hidden = !(next.phase === "reveal" && next.number < next.total);
    $("live-finish-button").hidden = next.phase !== "reveal";
    $("live-board-title").textContent = next.phase === "finished" ? strings.final_board : strings.board;
    if (next.leaderboard) { renderBoard(next.leaderboard); }
    tick();
  }
  var source = new EventSource(root.dataset.stream);
  source.onmessage = function (message) {
    status("");
    var event = JSON.parse(message.data);
    if (event.type === "state") { onState(event); }
    if (event.type === "joined") {
      setJoined(Math.max(joined, event.count));
      var names = $("live-names");
      if (names.children.length < 60) {
        var li = document.createElement("li");
        li.className = "badge badge-neutral";
        li.textContent = event.name;
        names.appendChild(li);
      }
    }
    if (event.type === "answered" && state && event.position === state.position) {
      $("live-answered").textContent = fill(strings.answered, {a: event.count, n: joined});
    }
  };
  source.onerror = function () { status(strings.reconnecting); };
  window.setInterval(tick, 250);
})();
