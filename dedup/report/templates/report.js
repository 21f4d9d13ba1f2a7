/* dedup report: counterpart highlighting (pair pages), sorting and filtering (index). No dependencies. */
(function () {
  "use strict";

  function links(el) { return (el.getAttribute("data-links") || "").split(" ").filter(Boolean); }

  function related(el) {
    var found = [];
    links(el).forEach(function (id) {
      document.querySelectorAll('[data-links~="' + id + '"]').forEach(function (other) {
        if (other !== el && found.indexOf(other) < 0) { found.push(other); }
      });
    });
    return found;
  }

  function clear(prefix) {
    document.querySelectorAll("." + prefix + ", ." + prefix + "-counterpart").forEach(function (el) {
      el.classList.remove(prefix, prefix + "-counterpart");
    });
  }

  function light(el, prefix) {
    el.classList.add(prefix);
    var side = el.getAttribute("data-side");
    var far = null;
    related(el).forEach(function (other) {
      var counterpart = other.getAttribute("data-side") !== side;
      other.classList.add(counterpart ? prefix + "-counterpart" : prefix);
      if (counterpart && !far) { far = other; }
    });
    return far;
  }

  function activate(el) {
    var wasActive = el.classList.contains("is-active");
    clear("is-active");
    if (wasActive) { return; }
    var far = light(el, "is-active");
    if (far) {
      var box = far.getBoundingClientRect();
      if (box.top < 0 || box.bottom > window.innerHeight) { far.scrollIntoView({ block: "center", behavior: "smooth" }); }
    }
  }

  document.addEventListener("click", function (event) {
    var el = event.target.closest && event.target.closest("[data-links]");
    if (el) { activate(el); }
  });
  document.addEventListener("keydown", function (event) {
    var el = event.target;
    if ((event.key === "Enter" || event.key === " ") && el.matches && el.matches("[data-links]")) {
      event.preventDefault();
      activate(el);
    } else if (event.key === "Escape") {
      clear("is-active");
    }
  });
  document.addEventListener("mouseover", function (event) {
    var el = event.target.closest && event.target.closest("[data-links]");
    clear("is-hover");
    if (el) { light(el, "is-hover"); }
  });

  /* index: sortable, filterable pairs table */
  var table = document.getElementById("pairs");
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var filter = document.getElementById("pair-filter");
  var verdict = document.getElementById("verdict-filter");
  var credit = document.getElementById("credit-filter");
  var taker = document.getElementById("taker-filter");
  var confidence = document.getElementById("confidence-filter");
  var count = document.getElementById("pair-count");
  var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });

  function key(row, col) { return row.cells[col].getAttribute("data-sort") || ""; }

  table.querySelectorAll("th button").forEach(function (button) {
    button.addEventListener("click", function () {
      var col = Number(button.getAttribute("data-col"));
      var th = button.parentNode;
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("th").forEach(function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var items = rows.map(function (row, i) {
        var text = key(row, col);
        return { row: row, i: i, text: text, num: parseFloat(text) };
      });
      items.sort(function (a, b) {
        var numeric = !isNaN(a.num) && !isNaN(b.num);
        var order = numeric ? a.num - b.num : (a.text < b.text ? -1 : a.text > b.text ? 1 : 0);
        return (ascending ? order : -order) || a.i - b.i;  /* stable: ties keep the scan's order */
      });
      var fragment = document.createDocumentFragment();
      items.forEach(function (item) { fragment.appendChild(item.row); });
      body.appendChild(fragment);
    });
  });

  function applyFilter() {
    var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    var wanted = verdict.value;
    var credited = credit ? credit.value : "";
    var takenBy = taker ? taker.value : "";
    var least = parseFloat(confidence.value);
    var shown = 0;
    rows.forEach(function (row, i) {
      var ok = (!wanted || row.getAttribute("data-verdict") === wanted) &&
        (!credited || row.getAttribute("data-credit") === credited) &&
        (!takenBy || row.getAttribute("data-taker") === takenBy) &&
        (isNaN(least) || parseFloat(key(row, 1)) >= least) &&
        words.every(function (w) { return texts[i].indexOf(w) >= 0; });
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown + " of " + rows.length + (rows.length === 1 ? " pair shown" : " pairs shown");
  }
  filter.addEventListener("input", applyFilter);
  verdict.addEventListener("change", applyFilter);
  if (credit) { credit.addEventListener("change", applyFilter); }
  if (taker) { taker.addEventListener("change", applyFilter); }
  confidence.addEventListener("input", applyFilter);
})();
