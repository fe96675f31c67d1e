// The grade helper (teacher/_grades.html): as a team mark is typed, the API computes every
// student's mark (POST /api/v1/evaluations/{id}/results/grades, results/grades.py: one rule,
// on the server) and the table updates. The query keeps what was typed, so a reload loses
// nothing. Without JavaScript the form's button does the same as a GET.
"use strict";

(function () {
  var DELAY = 300;

  function formatter(lang, min, max) {
    return new Intl.NumberFormat(lang, { minimumFractionDigits: min, maximumFractionDigits: max });
  }

  function Grades(form) {
    this.form = form;
    this.url = form.dataset.gradesUrl;
    var lang = document.documentElement.lang || "nl";
    this.mark = formatter(lang, 1, 1);
    this.factor = formatter(lang, 3, 3);
    this.loose = formatter(lang, 0, 4);
    this.timer = null;
    this.sequence = 0;
    var self = this;
    form.addEventListener("input", function () {
      clearTimeout(self.timer);
      self.timer = setTimeout(function () { self.compute(); }, DELAY);
    });
  }

  Grades.prototype.inputs = function () {
    return Array.prototype.slice.call(this.form.querySelectorAll("input[name^='mark-']"));
  };

  Grades.prototype.compute = function () {
    var self = this;
    var marks = {};
    var query = new URLSearchParams(window.location.search);
    this.inputs().forEach(function (input) {
      var teamId = input.name.slice("mark-".length);
      if (input.value.trim()) marks[teamId] = input.value.trim();
      if (input.value.trim()) query.set(input.name, input.value.trim());
      else query.delete(input.name);
    });
    var search = query.toString();
    window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + "#grades");
    var sequence = ++this.sequence;
    var failed = this.form.parentNode.querySelector("[data-grades-failed]");
    window.teameval.api("POST", this.url, { team_marks: marks }).then(function (sheet) {
      if (sequence !== self.sequence) return;  // a later keystroke's answer decides
      if (failed) failed.hidden = true;
      self.showErrors({});
      self.show(sheet);
    }, function (error) {
      if (sequence !== self.sequence) return;
      var refused = {};
      ((error.data && error.data.errors) || []).forEach(function (item) {
        refused[String(item.field).replace("team_marks.", "")] = item.message;
      });
      // Not a refused mark (offline, signed out): the form's button still works.
      if (failed) failed.hidden = Object.keys(refused).length > 0;
      self.showErrors(refused);
    });
  };

  Grades.prototype.showErrors = function (refused) {
    var self = this;
    this.inputs().forEach(function (input) {
      var teamId = input.name.slice("mark-".length);
      var message = refused[teamId];
      var box = self.form.querySelector("#" + input.id + "-error");
      if (message) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
      if (box) {
        box.textContent = message || "";
        box.hidden = !message;
      }
      if (message) self.clearTeam(teamId);
    });
  };

  Grades.prototype.clearTeam = function (teamId) {
    var rows = this.form.querySelectorAll("tbody[data-team='" + teamId + "'] tr[data-student]");
    Array.prototype.forEach.call(rows, function (row) {
      row.querySelector("[data-grade-mark]").textContent = "–";
      row.querySelector("[data-grade-sum]").textContent = "";
    });
  };

  Grades.prototype.show = function (sheet) {
    var self = this;
    var teamMarks = {};
    sheet.teams.forEach(function (team) { teamMarks[team.team.id] = team.team_mark; });
    sheet.students.forEach(function (student) {
      var row = self.form.querySelector("tr[data-student='" + student.student_id + "']");
      if (!row) return;
      var teamMark = teamMarks[student.team_id];
      var sum = "";
      if (student.mark !== null) {
        sum = self.loose.format(teamMark) + " × " + self.factor.format(student.adjustment_factor) +
          " = " + self.loose.format(student.product) + " → " + self.mark.format(student.mark);
        if (student.capped) sum += " (" + self.form.dataset.cappedText + ")";
      } else if (teamMark !== null && teamMark !== undefined) {
        sum = self.form.dataset.noFactorText;
      }
      row.querySelector("[data-grade-sum]").textContent = sum;
      row.querySelector("[data-grade-mark]").textContent =
        student.mark !== null ? self.mark.format(student.mark) : "–";
    });
  };

  document.querySelectorAll("form[data-grades]").forEach(function (form) { new Grades(form); });
})();
