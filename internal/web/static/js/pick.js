// Search-and-pick fields (internal/web/pick.go): without this script the
// search box reloads the page with the matches; with it the matches come
// as one types, in the same list of radio buttons, and the search button
// searches in place.
(function () {
  "use strict";
  function setup(field) {
    var kind = field.getAttribute("data-pick");
    var name = field.getAttribute("data-pick-name");
    var exclude = field.getAttribute("data-pick-exclude") || "";
    var input = field.querySelector('input[type="search"]');
    var results = field.querySelector(".pick__results");
    var button = field.querySelector(".pick__search button");
    var hidden = field.querySelector('input[type="hidden"][name="pick_' + name + '"]');
    if (!input || !results) return;
    var timer = null, seq = 0;
    function render(items, q) {
      var chosen = results.querySelector('input[type="radio"]:checked');
      var chosenValue = chosen ? chosen.value : "";
      results.textContent = "";
      items.forEach(function (it) {
        var wrap = document.createElement("div");
        wrap.className = "ds-field";
        var radio = document.createElement("input");
        radio.className = "ds-input";
        radio.type = "radio";
        radio.name = name;
        radio.id = "f-" + name + "-" + it.id;
        radio.value = String(it.id);
        if (radio.value === chosenValue) radio.checked = true;
        var label = document.createElement("label");
        label.className = "ds-label";
        label.htmlFor = radio.id;
        label.textContent = it.label;
        if (it.detail) {
          var d = document.createElement("span");
          d.className = "muted";
          d.textContent = " (" + it.detail + ")";
          label.appendChild(d);
        }
        wrap.appendChild(radio);
        wrap.appendChild(label);
        results.appendChild(wrap);
      });
      if (items.length === 0 && q) {
        var p = document.createElement("p");
        p.className = "ds-paragraph";
        p.setAttribute("data-size", "sm");
        p.textContent = (field.getAttribute("data-pick-none") || "—").replace("{q}", q);
        results.appendChild(p);
      }
    }
    function search() {
      var q = input.value.trim();
      if (hidden) hidden.value = q;
      var mine = ++seq;
      if (q === "") { render([], ""); return; }
      fetch("/pick/" + encodeURIComponent(kind) + "?q=" + encodeURIComponent(q) + "&exclude=" + encodeURIComponent(exclude),
        { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (items) { if (mine === seq) render(items, q); })
        .catch(function () { /* the search button still works without us */ });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); clearTimeout(timer); search(); }
    });
    if (button) {
      button.addEventListener("click", function (e) { e.preventDefault(); clearTimeout(timer); search(); });
    }
  }
  document.querySelectorAll("[data-pick]").forEach(setup);
})();
