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
  // "Xem trước": the formatted text as the server renders and cleans it (richtext.render_markdown).
  function previewButton(button) {
    var source = document.getElementById(button.getAttribute("data-preview-of"));
    var output = document.getElementById(source.id + "-preview");
    var token = source.form.querySelector('input[name$="csrf_token"]');  // prefixed per action
    button.hidden = false;
    button.addEventListener("click", function () {
      var body = new URLSearchParams();
      body.append("text", source.value);
      body.append("csrf_token", token ? token.value : "");
      fetch(button.getAttribute("data-preview-url"), {method: "POST", body: body, credentials: "same-origin",
                                                      headers: {"X-CSRFToken": token ? token.value : ""}})
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
        .then(function (data) { output.innerHTML = data.html; output.hidden = false; })
        .catch(function () { output.hidden = true; });
    });
  }

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

  // The desk: show the outcome's own fields, and the earlier visits of the person being typed.
  function adaptDeskForm(form) {
    var outcome = form.querySelector('select[name="outcome"]');
    function showOutcome() {
      form.querySelectorAll("[data-outcome]").forEach(function (section) {
        section.hidden = !outcome || section.getAttribute("data-outcome") !== outcome.value;
      });
    }
    if (outcome) { outcome.addEventListener("change", showOutcome); showOutcome(); }

    var box = document.getElementById("earlier");
    var url = form.getAttribute("data-lookup-url");
    var timer = null;
    var last = "";
    function value(name) {
      var input = form.querySelector('input[name="' + name + '"]');
      return input ? input.value.trim() : "";
    }
    function item(parent, text, href) {
      var li = document.createElement("li");
      if (href) {
        var a = document.createElement("a");
        a.href = href;
        a.textContent = text;
        li.appendChild(a);
      } else {
        li.textContent = text;
      }
      parent.appendChild(li);
    }
    function render(data) {
      box.textContent = "";
      if (!data.visits.length && !data.cases.length && !data.protected) { return; }
      var section = document.createElement("section");
      section.className = "notice";
      var h = document.createElement("h2");
      h.textContent = box.getAttribute("data-title");
      section.appendChild(h);
      var list = document.createElement("ul");
      list.id = "earlier-visits";
      data.visits.forEach(function (v) {
        item(list, v.when + " — " + v.name + ": " + v.content + " (" + v.outcome +
          (v.tracking_code ? ", " + v.tracking_code : "") + ")", v.url);
      });
      data.cases.forEach(function (c) {
        item(list, c.tracking_code + " — " + c.kind + ", " + c.status + " (" + c.received + ")");
      });
      if (data.protected) { item(list, data.protected_message); }
      section.appendChild(list);
      box.appendChild(section);
    }
    function lookup() {
      var query = "cccd=" + encodeURIComponent(value("citizen_id_0")) + "&phone=" +
        encodeURIComponent(value("phone_0")) + "&name=" + encodeURIComponent(value("name_0"));
      if (query === last) { return; }
      last = query;
      fetch(url + "?" + query, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data && query === last) { render(data); } })
        .catch(function () { /* the server-side list after submit still shows them */ });
    }
    if (box && url) {
      form.querySelectorAll("[data-lookup]").forEach(function (input) {
        input.addEventListener("input", function () {
          clearTimeout(timer);
          timer = setTimeout(lookup, 250);
        });
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-kind-form]").forEach(adaptIntakeForm);
    document.querySelectorAll("select[data-people-of]").forEach(filterPeopleByUnit);
    document.querySelectorAll("[data-desk-form]").forEach(adaptDeskForm);

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

    document.querySelectorAll("button[data-preview-of]").forEach(previewButton);

    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });

    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.focus();
      // A link in the summary puts the cursor in its field, not only the page at it.
      summary.addEventListener("click", function (event) {
        var link = event.target.closest("a[href^='#']");
        var target = link && document.getElementById(link.getAttribute("href").slice(1));
        if (!target) { return; }
        event.preventDefault();
        target.scrollIntoView({ block: "center" });
        target.focus();
      });
    }
  });
})();
