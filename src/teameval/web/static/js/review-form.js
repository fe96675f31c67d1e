// The review form: every card is kept as the student types (a debounced draft save through
// the JSON API, with a visible state), a submit is checked before it is confirmed, and leaving
// with unsaved changes asks first. Without JavaScript the one form still posts every card.
"use strict";

(function () {
  var form = document.querySelector("[data-review-form]");
  if (!form) return;
  var DELAY_MS = 1200;
  var RETRY_MS = 5000;
  var evaluationId = form.dataset.evaluation;
  var expiredNotice = document.querySelector("[data-session-expired]");
  var leaving = false;
  var expired = false;
  var cards = {};

  function text(name) { return form.dataset["text" + name] || ""; }

  function timeNow() {
    var now = new Date();
    return String(now.getHours()).padStart(2, "0") + ":" + String(now.getMinutes()).padStart(2, "0");
  }

  function scoresOf(card) {
    var scores = [];
    card.el.querySelectorAll("[data-criterion]").forEach(function (group) {
      var id = Number(group.dataset.criterion);
      var checked = group.querySelector("input[type=radio]:checked");
      var comment = card.el.querySelector('[data-comment="' + group.dataset.criterion + '"]');
      scores.push({
        criterion_id: id,
        score: checked ? Number(checked.value) : null,
        comment: comment ? comment.value : "",
      });
    });
    return scores;
  }

  function show(card, state, message) {
    card.state = state;
    card.stateEl.textContent = message;
    card.stateEl.dataset.state = state;
  }

  // `mine`: an autosave's own complaint, which the next good save takes away again (a
  // complaint of the server's page or of the submit check stays until it is dealt with).
  function showError(card, message, mine) {
    if (!message && mine && !card.errorIsMine) return;
    card.errorEl.textContent = message || "";
    card.errorEl.hidden = !message;
    card.errorIsMine = Boolean(message && mine);
  }

  function save(card) {
    card.timer = null;
    if (expired || leaving) return;
    if (card.inFlight) { card.again = true; return; }
    var version = card.version;
    card.inFlight = true;
    show(card, "saving", text("Saving"));
    fetch("/api/v1/evaluations/" + evaluationId + "/reviews/" + card.id, {
      method: "PUT",
      credentials: "same-origin",
      keepalive: true,
      headers: {
        Accept: "application/json",
        "Content-Type": "application/json",
        "X-CSRF-Token": window.teameval.csrfToken(),
      },
      body: JSON.stringify({ scores: scoresOf(card), submit: false }),
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (data) {
        card.inFlight = false;
        if (response.ok) {
          if (card.version === version) {
            card.dirty = false;
            show(card, "saved", text("Saved").replace("{time}", timeNow()));
            showError(card, "", true);
          }
          if (data && data.status === "draft") card.badge.textContent = text("Draft");
        } else if (response.status === 401 || response.status === 403) {
          // Signed out meanwhile: the text stays on the page; posting the form signs in
          // again and keeps every card (the server carries the post through the sign-in).
          expired = true;
          show(card, "failed", text("Unsaved"));
          if (expiredNotice) { expiredNotice.hidden = false; }
        } else {
          show(card, "failed", text("Failed"));
          showError(card, (data && data.detail) || "", true);
          return;
        }
        if (card.again || card.version !== version) { card.again = false; schedule(card, 0); }
      });
    }).catch(function () {
      // No connection: keep the text, try again shortly.
      card.inFlight = false;
      show(card, "failed", text("Failed"));
      schedule(card, RETRY_MS);
    });
  }

  function schedule(card, delay) {
    if (card.timer) clearTimeout(card.timer);
    card.timer = setTimeout(function () { save(card); }, delay);
  }

  function changed(card) {
    card.dirty = true;
    card.version += 1;
    if (card.status === "submitted") {
      // A submitted review only changes by submitting it again: say so, save nothing.
      show(card, "unsaved", text("NotResubmitted"));
      return;
    }
    show(card, "unsaved", text("Unsaved"));
    if (!expired) schedule(card, DELAY_MS);
  }

  form.querySelectorAll("[data-card]").forEach(function (el) {
    var card = {
      id: el.dataset.card,
      el: el,
      status: el.dataset.status,
      stateEl: el.querySelector("[data-save-state]"),
      errorEl: el.querySelector("[data-card-error]"),
      badge: el.querySelector("[data-review-status]"),
      dirty: false, errorIsMine: false, version: 0, timer: null, inFlight: false, again: false, state: "",
    };
    cards[card.id] = card;
    el.addEventListener("input", function () { changed(card); });
    el.addEventListener("change", function () { changed(card); });
  });

  // Submitting needs a score on every criterion: say which are missing, before any dialog.
  form.addEventListener("teameval:beforeconfirm", function (event) {
    var submitter = event.detail && event.detail.submitter;
    var card = submitter && cards[submitter.dataset.submitCard];
    if (!card) return;
    var missing = [];
    var first = null;
    card.el.querySelectorAll("[data-criterion]").forEach(function (group) {
      var given = group.querySelector("input[type=radio]:checked");
      group.setAttribute("aria-invalid", given ? "false" : "true");
      if (!given) {
        missing.push(group.dataset.criterionName);
        first = first || group.querySelector("input[type=radio]");
      }
    });
    if (!missing.length) { showError(card, "", false); return; }
    event.preventDefault();
    showError(card, text("Missing").replace("{missing}", missing.join(", ")), false);
    if (first) first.focus();
  });

  // A real post (not one waiting for its confirmation) carries every card: no warning then.
  window.addEventListener("submit", function (event) {
    if (event.target === form && !event.defaultPrevented) {
      leaving = true;
      Object.keys(cards).forEach(function (id) {
        if (cards[id].timer) clearTimeout(cards[id].timer);
      });
    }
  });

  window.addEventListener("beforeunload", function (event) {
    if (leaving) return;
    var unsaved = Object.keys(cards).some(function (id) { return cards[id].dirty; });
    if (unsaved) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // A tab put away (or a phone locking) saves what is pending now, not after the delay.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState !== "hidden") return;
    Object.keys(cards).forEach(function (id) {
      var card = cards[id];
      if (card.timer) { clearTimeout(card.timer); save(card); }
    });
  });
})();
