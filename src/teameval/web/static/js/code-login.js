// /login/code: an invitation link carries the code in its fragment (#code=...), which never
// reaches the server or a proxy's log. Copy it into the form and drop it from the address bar;
// signing in still takes a click.
"use strict";

(function () {
  var match = /^#code=([A-Za-z0-9-]{1,50})$/.exec(window.location.hash);
  var field = document.getElementById("code");
  if (!match || !field) return;
  field.value = match[1];
  history.replaceState(null, "", window.location.pathname + window.location.search);
})();
