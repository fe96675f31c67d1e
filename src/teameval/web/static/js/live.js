// Following a live stream of server-sent events, with a way back to polling. Reusable: a page
// calls teamevalLive.follow(url, {events: {name: handler}, onUnavailable: fn}) and gets {close}.
//
// The server sends a "heartbeat" event every 15 s. The browser's EventSource reconnects by
// itself when a stream ends (sending Last-Event-ID; the server then sends the current state if
// it differs). The stream counts as unavailable, and onUnavailable is called once (the page
// then polls), when: the browser has no EventSource; the server refused the stream (an HTTP
// error closes it for good, e.g. 503 while its Redis subscription is down); three connection
// errors came in a row; or nothing, not even a heartbeat, arrived for 40 s (a proxy that
// buffers the stream).
"use strict";

window.teamevalLive = (function () {
  var SILENCE_MS = 40000;
  var MAX_ERRORS = 3;

  function follow(url, options) {
    var source = null;
    var watchdog = null;
    var errors = 0;
    var closed = false;

    function close() {
      closed = true;
      clearTimeout(watchdog);
      if (source) source.close();
    }

    function unavailable() {
      if (closed) return;
      close();
      if (options.onUnavailable) options.onUnavailable();
    }

    function alive() {
      errors = 0;
      clearTimeout(watchdog);
      watchdog = setTimeout(unavailable, options.silenceMs || SILENCE_MS);
    }

    if (!window.EventSource) {
      setTimeout(unavailable, 0);
      return { close: close };
    }
    source = new EventSource(url);
    alive();
    source.addEventListener("open", function () { errors = 0; });
    source.addEventListener("heartbeat", alive);
    Object.keys(options.events || {}).forEach(function (name) {
      source.addEventListener(name, function (event) {
        alive();
        var data = null;
        try { data = JSON.parse(event.data); } catch (e) { return; }
        options.events[name](data);
      });
    });
    source.addEventListener("error", function () {
      if (closed) return;
      errors += 1;
      // CLOSED: refused (an HTTP error); the browser will not try again by itself.
      if (source.readyState === EventSource.CLOSED || errors >= MAX_ERRORS) unavailable();
    });
    return { close: close };
  }

  return { follow: follow };
})();
