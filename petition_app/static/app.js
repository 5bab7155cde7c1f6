// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  function adaptIntakeForm(form) {
    var kindInputs = form.querySelectorAll('input[name="kind"]');
    var typeInputs = form.querySelectorAll('input[name="petitioner_type"]');
    var anonymous = form.querySelector('input[name="anonymous"]');

    function checkedValue(inputs) {
      for (var i = 0; i < inputs.length; i++) { if (inputs[i].checked) { return inputs[i].value; } }
      return "";
    }

    function update() {
      var kind = checkedValue(kindInputs);
      form.querySelectorAll("[data-kinds]").forEach(function (section) {
        var kinds = section.getAttribute("data-kinds").split(" ");
        section.hidden = kind !== "" && kinds.indexOf(kind) === -1;
      });
      var type = checkedValue(typeInputs) || "individual";
      form.querySelectorAll("[data-petitioner]").forEach(function (section) {
        section.hidden = section.getAttribute("data-petitioner") !== type;
      });
      var identity = form.querySelector("[data-identity]");
      var anonymousAllowed = kind === "petition" || kind === "feedback";
      if (identity && anonymous) {
        identity.hidden = anonymous.checked && anonymousAllowed;
      }
    }

    form.addEventListener("change", update);
    update();
  }

  // The assign form lists people grouped by unit: offer only those of the unit chosen beside
  // them (or of the case's unit while none is chosen). The server refuses a mismatch anyway.
  function filterPeopleByUnit(people) {
    var units = document.getElementById(people.getAttribute("data-people-of"));
    if (!units) { return; }

    function update() {
      var unit = units.value || people.getAttribute("data-case-unit") || "";
      people.querySelectorAll("option[data-unit]").forEach(function (option) {
        var elsewhere = unit !== "" && option.getAttribute("data-unit") !== unit;
        option.hidden = elsewhere;
        option.disabled = elsewhere;
        if (elsewhere && option.selected) { people.value = ""; }
      });
      people.querySelectorAll("optgroup").forEach(function (group) {
        group.hidden = !group.querySelector("option:not([hidden])");
      });
    }

    units.addEventListener("change", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-kind-form]").forEach(adaptIntakeForm);
    document.querySelectorAll("select[data-people-of]").forEach(filterPeopleByUnit);

    // One click, one submission: the server also refuses a second copy of the same form.
    document.querySelectorAll("form").forEach(function (form) {
      form.addEventListener("submit", function () {
        form.querySelectorAll("button[data-once]").forEach(function (button) {
          button.setAttribute("aria-disabled", "true");
          button.classList.add("is-busy");
          setTimeout(function () { button.disabled = true; }, 0);
        });
      });
    });

    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });

    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  });
})();
