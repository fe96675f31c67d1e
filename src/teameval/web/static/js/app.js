// teameval pages: shared helpers. No inline script anywhere (the CSP forbids it), no build step.
"use strict";

window.teameval = (function () {
  // The CSRF token of the sign-in, for fetch calls made with the session cookie.
  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // fetch() with the session cookie and the CSRF header; answers parsed JSON or throws.
  function api(method, url, body) {
    var options = {
      method: method,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRF-Token": csrfToken() },
    };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(url, options).then(function (response) {
      return response.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
        if (!response.ok) {
          var error = new Error((data && data.detail) || String(response.status));
          error.status = response.status;
          error.data = data;
          throw error;
        }
        return data;
      });
    });
  }

  // Forms with data-confirm ask first, in a real dialog (keyboard and screen-reader friendly).
  function confirmDialog(message, yes, no) {
    return new Promise(function (resolve) {
      var dialog = document.createElement("dialog");
      dialog.setAttribute("aria-labelledby", "confirm-text");
      var text = document.createElement("p");
      text.id = "confirm-text";
      text.textContent = message;
      var actions = document.createElement("div");
      actions.className = "actions";
      var ok = document.createElement("button");
      ok.type = "button";
      ok.textContent = yes;
      ok.setAttribute("data-confirm-yes", "");
      var cancel = document.createElement("button");
      cancel.type = "button";
      cancel.className = "button-secondary";
      cancel.textContent = no;
      actions.append(ok, cancel);
      dialog.append(text, actions);
      document.body.append(dialog);
      function close(answer) { dialog.close(); dialog.remove(); resolve(answer); }
      ok.addEventListener("click", function () { close(true); });
      cancel.addEventListener("click", function () { close(false); });
      dialog.addEventListener("cancel", function (e) { e.preventDefault(); close(false); });
      dialog.showModal();
      cancel.focus();
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var source = submitter && submitter.hasAttribute("data-confirm") ? submitter : form;
    if (!source.hasAttribute || !source.hasAttribute("data-confirm")) return;
    if (form.dataset.confirmed === "yes") return;
    event.preventDefault();
    // A page may check the form first (the review form: every score given) and say what is
    // missing instead of asking to confirm something that would be refused.
    var check = new CustomEvent("teameval:beforeconfirm", {
      cancelable: true, detail: { submitter: submitter },
    });
    if (!form.dispatchEvent(check)) return;
    confirmDialog(
      source.getAttribute("data-confirm"),
      source.getAttribute("data-confirm-yes") || "OK",
      source.getAttribute("data-confirm-no") || "Cancel"
    ).then(function (answer) {
      if (!answer) return;
      form.dataset.confirmed = "yes";
      // requestSubmit keeps the clicked button's name/value in the posted form.
      if (submitter) form.requestSubmit(submitter); else form.requestSubmit();
    });
  });

  // Selects marked data-autosubmit post their form when changed (with a button as fallback).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("[data-autosubmit]") && el.form) el.form.requestSubmit();
  });

  // Buttons marked data-print open the browser's print dialog (the sign-in code slips).
  document.addEventListener("click", function (event) {
    var el = event.target;
    if (el.closest && el.closest("[data-print]")) window.print();
  });

  // A form marked data-submit-on-load posts itself (a post carried through signing in again).
  document.querySelectorAll("form[data-submit-on-load]").forEach(function (form) {
    form.requestSubmit();
  });

  return { api: api, csrfToken: csrfToken, confirmDialog: confirmDialog };
})();
