// The "generate all" progress bar of an evaluation: polls the per-student summary progress
// (/teacher/evaluations/{id}/summaries/progress), with backoff 1 s growing to 5 s, until no
// job is queued or running; pauses while the tab is hidden; after a few failed polls it shows
// a network error with a button. The counts, the estimate of the time left and the retries
// ("poging 2 van 3") are rendered from the answer; their sentences come worded by the server.
"use strict";

(function () {
  var FIRST_DELAY = 1000;
  var MAX_DELAY = 5000;
  var GROWTH = 1.5;
  var MAX_FAILURES = 3;

  function Progress(root) {
    this.root = root;
    this.url = root.dataset.progressUrl;
    this.bar = root.querySelector("[data-progress-bar]");
    this.label = root.querySelector("[data-progress-label]");
    this.estimate = root.querySelector("[data-progress-estimate]");
    this.retries = root.querySelector("[data-progress-retries]");
    this.retrying = root.querySelector("[data-progress-retrying]");
    this.retryList = root.querySelector("[data-progress-retry-list]");
    this.error = root.querySelector("[data-progress-error]");
    this.delay = FIRST_DELAY;
    this.failures = 0;
    this.timer = null;
    this.waitingForVisible = false;
    var self = this;
    var retry = root.querySelector("[data-progress-retry]");
    if (retry) retry.addEventListener("click", function () { self.restart(); });
    document.addEventListener("visibilitychange", function () {
      if (!document.hidden && self.waitingForVisible) {
        self.waitingForVisible = false;
        self.poll();
      }
    });
    if (Number(root.dataset.active || "0") > 0) this.schedule(FIRST_DELAY);
  }

  Progress.prototype.schedule = function (delay) {
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.poll(); }, delay);
  };

  Progress.prototype.render = function (data) {
    var counts = data.counts || {};
    if (this.bar) this.bar.value = data.percent;
    if (this.label) this.label.textContent = data.label;
    if (this.estimate) {
      this.estimate.textContent = data.estimate || "";
      this.estimate.hidden = !data.estimate;
    }
    this.renderRetries(data);
    this.root.querySelectorAll("[data-count]").forEach(function (el) {
      el.textContent = String(counts[el.getAttribute("data-count")] || 0);
    });
    this.root.dataset.active = String(data.active);
    this.root.setAttribute("aria-busy", data.active > 0 ? "true" : "false");
    return data.active;
  };

  // The summaries being retried ("poging 2 van 3") and why; the texts come from the server.
  Progress.prototype.renderRetries = function (data) {
    if (!this.retries) return;
    this.retries.hidden = !data.retrying;
    if (this.retrying) this.retrying.textContent = data.retrying_text || "";
    if (!this.retryList) return;
    var list = this.retryList;
    while (list.firstChild) list.removeChild(list.firstChild);
    (data.retries || []).forEach(function (retry) {
      var item = document.createElement("li");
      item.textContent = retry.text;
      if (retry.reason) {
        var reason = document.createElement("span");
        reason.className = "muted";
        reason.textContent = " · " + retry.reason;
        item.appendChild(reason);
      }
      list.appendChild(item);
    });
  };

  Progress.prototype.poll = function () {
    var self = this;
    if (document.hidden) { this.waitingForVisible = true; return; }
    window.teameval.api("GET", this.url).then(function (data) {
      self.failures = 0;
      if (self.error) self.error.hidden = true;
      if (self.render(data) === 0) return; // every job ended: stop polling
      self.delay = Math.min(self.delay * GROWTH, MAX_DELAY);
      self.schedule(self.delay);
    }, function () {
      self.failures += 1;
      if (self.failures >= MAX_FAILURES) { if (self.error) self.error.hidden = false; return; }
      self.delay = Math.min(self.delay * GROWTH, MAX_DELAY);
      self.schedule(self.delay);
    });
  };

  Progress.prototype.restart = function () {
    this.failures = 0;
    this.delay = FIRST_DELAY;
    if (this.error) this.error.hidden = true;
    this.poll();
  };

  document.querySelectorAll("[data-progress]").forEach(function (root) {
    root.teamevalProgress = new Progress(root);
  });
})();
