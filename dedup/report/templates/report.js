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

  /* index: sortable, filterable pairs table. A scan of thousands of pairs shows them a page at a time (the
     table's data-page rows; the rest carry the class "later" until asked for): sorting and filtering then
     lay out one page of rows, not every row (2,742 rows took a second or more of the browser's time). */
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
  var pager = document.getElementById("pair-pager");
  var step = Number(table.getAttribute("data-page")) || rows.length;
  var limit = step;
  var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
  var order = rows.map(function (row, i) { return i; });
  var matches = rows.map(function () { return true; });
  var state = rows.map(function (row) { return row.hidden ? "hidden" : row.classList.contains("later") ? "later" : "shown"; });
  var keys = {};

  /* a count with thousands separated, as the page and the terminal write it ("2,742", not "2742") */
  function figure(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }

  function key(row, col) { return row.cells[col].getAttribute("data-sort") || ""; }

  function columnKeys(col) {  /* each column's sort keys read once: numbers where every key is one */
    if (!keys[col]) {
      var text = rows.map(function (row) { return key(row, col); });
      var num = text.map(parseFloat);
      var numeric = num.every(function (n) { return !isNaN(n); });
      keys[col] = { text: text, num: num, numeric: numeric };
    }
    return keys[col];
  }

  function show() {  /* the rows that match, in order, the first `limit` of them on the page */
    var shown = 0, matched = 0;
    order.forEach(function (i) {
      var want = "hidden";
      if (matches[i]) { matched += 1; want = matched <= limit ? "shown" : "later"; }
      if (want === "shown") { shown += 1; }
      if (state[i] !== want) {
        rows[i].hidden = want === "hidden";
        rows[i].classList.toggle("later", want === "later");
        state[i] = want;
      }
    });
    count.textContent = figure(shown) + " of " + figure(rows.length) + (rows.length === 1 ? " pair shown" : " pairs shown") +
      (matched > shown ? " (" + figure(matched) + " match: more below the table)" : "");
    if (pager) {
      pager.hidden = matched <= shown;
      var more = pager.querySelector("[data-more]");
      if (more) { more.textContent = "show " + figure(Math.min(step, matched - shown)) + " more"; }
      var all = pager.querySelector("[data-all]");
      if (all) { all.textContent = "show all " + figure(matched); }
    }
  }

  table.querySelectorAll("th button").forEach(function (button) {
    button.addEventListener("click", function () {
      var col = Number(button.getAttribute("data-col"));
      var th = button.parentNode;
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("th").forEach(function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var k = columnKeys(col);
      order.sort(function (a, b) {
        var by = k.numeric ? k.num[a] - k.num[b] : (k.text[a] < k.text[b] ? -1 : k.text[a] > k.text[b] ? 1 : 0);
        return (ascending ? by : -by) || a - b;  /* stable: ties keep the scan's order */
      });
      limit = step;
      show();  /* the rows leaving the page are out of the layout before the table is reordered */
      var fragment = document.createDocumentFragment();
      order.forEach(function (i) { fragment.appendChild(rows[i]); });
      body.appendChild(fragment);
    });
  });

  function applyFilter() {
    var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    var wanted = verdict.value;
    var credited = credit ? credit.value : "";
    var takenBy = taker ? taker.value : "";
    var least = parseFloat(confidence.value);
    var conf = isNaN(least) ? null : columnKeys(1).num;
    rows.forEach(function (row, i) {
      matches[i] = (!wanted || row.getAttribute("data-verdict") === wanted) &&
        (!credited || row.getAttribute("data-credit") === credited) &&
        (!takenBy || row.getAttribute("data-taker") === takenBy) &&
        (conf === null || conf[i] >= least) &&
        words.every(function (w) { return texts[i].indexOf(w) >= 0; });
    });
    limit = step;
    show();
  }
  filter.addEventListener("input", applyFilter);
  verdict.addEventListener("change", applyFilter);
  if (credit) { credit.addEventListener("change", applyFilter); }
  if (taker) { taker.addEventListener("change", applyFilter); }
  confidence.addEventListener("input", applyFilter);
  if (pager) {
    show();  /* the buttons, for a reader whose browser runs this */
    pager.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("button");
      if (!button) { return; }
      limit = button.hasAttribute("data-all") ? rows.length : limit + step;
      show();
    });
  }
})();
