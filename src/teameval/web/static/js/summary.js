// The summary section: shows the generation job's state live by polling its status endpoint.
// Backoff 1 s growing to 5 s; stops at a final state; pauses while the tab is hidden; after a
// few failed polls it shows a network error with a button, instead of retrying forever.
"use strict";

(function () {
  var FIRST_DELAY = 1000;
  var MAX_DELAY = 5000;
  var GROWTH = 1.5;
  var MAX_FAILURES = 3;
  // States in which the summary is still on its way: the section keeps polling only in these.
  var BUSY = { queued: true, processing: true };

  function SummarySection(root) {
    this.root = root;
    this.jobId = root.dataset.jobId || "";
    this.statusTemplate = root.dataset.statusUrl; // contains {job_id}
    this.queueUrl = root.dataset.queueUrl;
    this.delay = FIRST_DELAY;
    this.failures = 0;
    this.timer = null;
    this.waitingForVisible = false;
    this.stopped = false;
    var self = this;
    root.querySelectorAll("[data-retry]").forEach(function (button) {
      button.addEventListener("click", function () { self.requeue(button); });
    });
    root.querySelectorAll("[data-reconnect]").forEach(function (button) {
      button.addEventListener("click", function () { self.reconnect(); });
    });
    document.addEventListener("visibilitychange", function () {
      if (!document.hidden && self.waitingForVisible) {
        self.waitingForVisible = false;
        self.poll();
      }
    });
    if (this.jobId && BUSY[root.dataset.state]) this.schedule(FIRST_DELAY);
    // No job yet (e.g. nothing was queued at closing): ask for one; the server dedupes.
    if (!this.jobId && root.hasAttribute("data-auto-request")) this.requeue(null);
  }

  SummarySection.prototype.show = function (state) {
    this.root.dataset.state = state;
    this.root.querySelectorAll("[data-state-block]").forEach(function (block) {
      block.hidden = block.getAttribute("data-state-block") !== state;
    });
    this.root.setAttribute("aria-busy", state === "queued" || state === "processing" ? "true" : "false");
  };

  // The server says which state to show (job.state); this script only renders it.
  SummarySection.prototype.render = function (job) {
    if (job.job_id) this.jobId = job.job_id;
    var state = job.state;
    if (state === "completed" && job.result) {
      var text = this.root.querySelector("[data-summary-text]");
      if (text) text.textContent = job.result.summary_text; // textContent: never HTML
      if (job.result.points) this.renderPoints(job.result.points);
      var fallback = job.result.generation_method === "fallback";
      this.root.querySelectorAll("[data-fallback-badge]").forEach(function (el) {
        el.hidden = !fallback;
      });
    }
    if (state === "failed") {
      var message = this.root.querySelector("[data-error-message]");
      if (message) message.textContent = job.error_message || message.dataset.defaultText || "";
    }
    this.show(state);
  };

  // The summary's points, each with its "based on" list of the comments it rests on; the same
  // markup as _summary_points.html, built with textContent only (never HTML).
  SummarySection.prototype.renderPoints = function (points) {
    var box = this.root.querySelector("[data-summary-points-box]");
    if (!box) return;
    box.textContent = "";
    ["strength", "improvement"].forEach(function (kind) {
      var mine = points.filter(function (p) { return p.kind === kind; });
      if (!mine.length) return;
      var heading = el("h3", "summary-points-heading", box.dataset["label" + (kind === "strength" ? "Strength" : "Improvement")]);
      var list = el("ul", "summary-points");
      list.setAttribute("data-summary-points", kind);
      mine.forEach(function (point) {
        var item = el("li", "summary-point");
        item.appendChild(el("span", "summary-point-text", point.text));
        if (point.sources && point.sources.length) {
          var details = el("details", "summary-sources");
          details.setAttribute("data-summary-sources", "");
          details.appendChild(el("summary", "", box.dataset.labelBasedOn));
          var quotes = el("ul", "quotes-cited");
          point.sources.forEach(function (source) {
            var quote = el("li", "");
            quote.appendChild(el("span", "criterion-name", source.criterion));
            quote.appendChild(document.createTextNode(source.text));
            quotes.appendChild(quote);
          });
          details.appendChild(quotes);
          item.appendChild(details);
        }
        list.appendChild(item);
      });
      box.appendChild(heading);
      box.appendChild(list);
    });
  };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  SummarySection.prototype.schedule = function (delay) {
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.poll(); }, delay);
  };

  SummarySection.prototype.poll = function () {
    var self = this;
    if (this.stopped || !this.jobId) return;
    if (document.hidden) { this.waitingForVisible = true; return; }
    var url = this.statusTemplate.replace("{job_id}", encodeURIComponent(this.jobId));
    window.teameval.api("GET", url).then(function (job) {
      self.failures = 0;
      self.render(job);
      if (!BUSY[job.state]) { self.stopped = true; return; }
      self.delay = Math.min(self.delay * GROWTH, MAX_DELAY);
      self.schedule(self.delay);
    }, function () {
      self.failures += 1;
      if (self.failures >= MAX_FAILURES) { self.stopped = true; self.show("network"); return; }
      self.delay = Math.min(self.delay * GROWTH, MAX_DELAY);
      self.schedule(self.delay);
    });
  };

  SummarySection.prototype.reconnect = function () {
    this.failures = 0;
    this.delay = FIRST_DELAY;
    this.stopped = false;
    this.show(this.jobId ? "processing" : "failed");
    this.poll();
  };

  SummarySection.prototype.requeue = function (button) {
    var self = this;
    if (button) button.disabled = true;
    window.teameval.api("POST", this.queueUrl).then(function (job) {
      if (button) button.disabled = false;
      self.failures = 0;
      self.delay = FIRST_DELAY;
      self.stopped = false;
      self.render(job);
      if (BUSY[job.state]) self.schedule(FIRST_DELAY); else self.stopped = true;
    }, function (error) {
      if (button) button.disabled = false;
      if (error.status && error.status < 500) {
        // Refused (too many requests, not released, ...): say why, keep the button.
        var message = self.root.querySelector("[data-error-message]");
        if (message) message.textContent = error.message;
        self.show("failed");
        return;
      }
      self.show("network");
    });
  };

  document.querySelectorAll("[data-summary]").forEach(function (root) {
    root.teamevalSummary = new SummarySection(root);
  });
})();
