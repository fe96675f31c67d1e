// The summary section: shows the summary's state live. It follows the server's live stream
// (server-sent events, static/js/live.js) while the summary is on its way or awaits the
// teacher; where no stream is possible it polls instead: the job's status route (or, while
// the summary awaits the teacher and no job is followed, the stream's JSON twin), with
// backoff from 1 s growing to 5 s (15 s while awaiting the teacher), paused while the tab is
// hidden. After three failed polls it shows a network notice and keeps trying every 10 s;
// once an answer comes it shows the state again and tries the stream again: after a lost
// connection the page resumes by itself.
"use strict";

(function () {
  var FIRST_DELAY = 1000;
  var MAX_DELAY = 5000;
  var AWAITING_DELAY = 15000;
  var OFFLINE_DELAY = 10000;
  var GROWTH = 1.5;
  // How long a page that fell back to polling waits before it tries the stream again.
  var STREAM_RETRY_MS = 60000;
  var MAX_FAILURES = 3;
  // States in which the summary is still on its way: the section keeps polling only in these.
  var BUSY = { queued: true, processing: true };
  // States worth a live stream: on its way, or waiting for the teacher to publish it.
  var FOLLOW = { queued: true, processing: true, awaiting_review: true };

  function SummarySection(root) {
    this.root = root;
    this.jobId = root.dataset.jobId || "";
    this.statusTemplate = root.dataset.statusUrl; // contains {job_id}
    this.queueUrl = root.dataset.queueUrl;
    this.eventsUrl = root.dataset.eventsUrl || "";
    this.liveUrl = root.dataset.liveUrl || "";
    this.delay = FIRST_DELAY;
    this.failures = 0;
    this.timer = null;
    this.waitingForVisible = false;
    this.stopped = false;
    this.stream = null;
    this.streamUnavailable = false;
    this.unavailableSince = 0;
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
    if (FOLLOW[root.dataset.state]) this.follow();
    // No job yet (e.g. nothing was queued at closing): ask for one; the server dedupes.
    if (!this.jobId && root.hasAttribute("data-auto-request")) this.requeue(null);
  }

  // Follow the live stream; where there is none, poll.
  SummarySection.prototype.follow = function () {
    var self = this;
    this.stopped = false;
    if (this.stream) return;
    if (this.streamUnavailable || !this.eventsUrl || !window.teamevalLive) {
      this.schedule(FIRST_DELAY);
      return;
    }
    clearTimeout(this.timer);
    this.stream = window.teamevalLive.follow(this.eventsUrl, {
      events: {
        summary: function (live) {
          self.failures = 0;
          self.render(live);
          if (!FOLLOW[live.state]) self.unfollow();
        },
      },
      onUnavailable: function () {
        self.stream = null;
        self.streamUnavailable = true;
        self.unavailableSince = Date.now();
        self.delay = FIRST_DELAY;
        self.schedule(FIRST_DELAY);
      },
    });
  };

  SummarySection.prototype.unfollow = function () {
    if (this.stream) this.stream.close();
    this.stream = null;
  };

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
    // A retry says which attempt it is on, instead of seeming to start again.
    var attempt = this.root.querySelector("[data-attempt]");
    if (attempt) {
      attempt.hidden = !job.attempt;
      if (job.attempt) {
        attempt.textContent = attempt.dataset.template
          .replace("{attempt}", job.attempt).replace("{max}", job.max_attempts);
      }
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

  // While a job is followed, its status route (answered from the server's cache); else (the
  // summary awaits the teacher) the live stream's JSON twin.
  SummarySection.prototype.pollUrl = function () {
    if (this.jobId && this.root.dataset.state !== "awaiting_review") {
      return this.statusTemplate.replace("{job_id}", encodeURIComponent(this.jobId));
    }
    return this.liveUrl;
  };

  SummarySection.prototype.poll = function () {
    var self = this;
    if (this.stopped || this.stream) return;
    var url = this.pollUrl();
    if (!url) return;
    if (document.hidden) { this.waitingForVisible = true; return; }
    window.teameval.api("GET", url).then(function (job) {
      var recovered = self.failures >= MAX_FAILURES;
      self.failures = 0;
      self.render(job);
      if (!FOLLOW[job.state]) { self.stopped = true; return; }
      var retryStream = Date.now() - self.unavailableSince > STREAM_RETRY_MS;
      if (self.streamUnavailable && (recovered || retryStream)) {
        // Back after a lost connection, or a while later: the stream may work again too.
        self.streamUnavailable = false;
        self.follow();
        return;
      }
      var most = BUSY[job.state] ? MAX_DELAY : AWAITING_DELAY;
      self.delay = Math.min(self.delay * GROWTH, most);
      self.schedule(self.delay);
    }, function (error) {
      if (error.status && error.status < 500 && error.status !== 429) {
        self.stopped = true; // refused (signed out, not found): polling will not change that
        self.show("network");
        return;
      }
      self.failures += 1;
      if (self.failures >= MAX_FAILURES) self.show("network");
      self.delay = self.failures >= MAX_FAILURES ? OFFLINE_DELAY : Math.min(self.delay * GROWTH, MAX_DELAY);
      self.schedule(self.delay);
    });
  };

  SummarySection.prototype.reconnect = function () {
    this.failures = 0;
    this.delay = FIRST_DELAY;
    this.stopped = false;
    this.streamUnavailable = false;
    this.unfollow();
    this.follow();
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
      if (FOLLOW[job.state]) self.follow(); else self.stopped = true;
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
