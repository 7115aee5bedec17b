/* Jianbao KG relationship viewer: search, filters, details panel and expansion over vis-network.
 *
 * Safety: every text that came from a document reaches the page through textContent or as a
 * canvas label; nothing from the data is ever parsed as HTML. The data itself is read from a
 * <script type="application/json"> block whose <, > and & are escaped by the writer.
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var meta = data.meta;
  var typeByKey = new Map(data.types.map(function (t) { return [t.key, t]; }));
  var info = new Map();          // node id → the node's data (label, type, aliases, pinyin, dates)
  var evidence = data.evidence;  // node id → sentence ids
  var posts = data.posts;        // person id → posts over time
  var sentences = data.sentences;
  var documents = data.documents;
  var hiddenTypes = new Set();
  var dateFrom = "";
  var dateTo = "";
  var timing = { firstDraw: null, settled: null, physicsSettled: null, physicsCapped: false };
  var big = data.nodes.length > 800;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  function firstLine(label) { return String(label).split("\n")[0]; }

  function span(n) {
    if (!n.start && !n.end) { return ""; }
    var s = n.start || n.end;
    var e = n.end || n.start;
    return s === e ? s : s + " 至 " + e;
  }

  function tooltip(n) {
    var box = el("div");
    box.appendChild(el("strong", firstLine(n.label)));
    box.appendChild(el("div", typeByKey.get(n.type).label + (span(n) ? " · " + span(n) : ""), "tip-type"));
    if (n.aliases && n.aliases.length) { box.appendChild(el("div", "别名：" + n.aliases.join("、"))); }
    return box;
  }

  function visNode(n) {
    var t = typeByKey.get(n.type);
    return {
      id: n.id, label: n.label, x: n.x, y: n.y, shape: t.shape, size: t.size, title: tooltip(n),
      color: { background: t.colour, border: t.colour, highlight: { background: t.colour, border: "#222" },
               hover: { background: t.colour, border: "#222" } }
    };
  }

  function edgeId(e) { return e.from + "\u0001" + e.rel + "\u0001" + e.to; }

  function visEdge(e) {
    return { id: edgeId(e), from: e.from, to: e.to, label: data.relations[e.rel] || e.rel, rel: e.rel };
  }

  data.nodes.forEach(function (n) { info.set(n.id, n); });
  var nodes = new vis.DataSet(data.nodes.map(visNode));
  var edges = new vis.DataSet(data.edges.map(visEdge));

  function inDates(n) {
    if (!n.start && !n.end) { return true; }
    var s = n.start || n.end;
    var e = n.end || n.start;
    if (dateFrom && e < dateFrom) { return false; }
    if (dateTo && s > dateTo) { return false; }
    return true;
  }

  function visible(n) { return !hiddenTypes.has(n.type) && inDates(n); }

  var nodeView = new vis.DataView(nodes, { filter: function (item) { return visible(info.get(item.id)); } });

  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodeView, edges: edges }, {
    autoResize: true,
    layout: { improvedLayout: false, randomSeed: 7 },
    physics: {
      enabled: false,
      solver: "barnesHut",
      barnesHut: { gravitationalConstant: -4000, springLength: 110, springConstant: 0.03, damping: 0.35, avoidOverlap: 0.2 },
      stabilization: { enabled: false },
      minVelocity: 1
    },
    interaction: { hover: !big, tooltipDelay: 250, hideEdgesOnDrag: big, hideEdgesOnZoom: big, keyboard: false },
    nodes: { font: { size: 14, face: "sans-serif", color: "#222", strokeWidth: 3, strokeColor: "#fff" }, borderWidth: 1 },
    edges: {
      smooth: false, width: 1, color: { color: "#b8b8b8", highlight: "#333", hover: "#666" },
      arrows: { to: { enabled: true, scaleFactor: 0.5 } },
      font: { size: 10, color: "#555", strokeWidth: 3, strokeColor: "#fff", align: "middle" }
    }
  });

  network.once("afterDrawing", function () {
    timing.firstDraw = performance.now();
    // positions come finished from Python and physics is off: the first drawing is the settled one
    if (timing.settled === null) { timing.settled = timing.firstDraw; }
  });

  // ------------------------------------------------------------------ status and legend

  var statusEl = document.getElementById("status");
  var legendEl = document.getElementById("legend-items");

  function countsByType() {
    var total = new Map();
    var shown = new Map();
    info.forEach(function (n) {
      total.set(n.type, (total.get(n.type) || 0) + 1);
      if (visible(n)) { shown.set(n.type, (shown.get(n.type) || 0) + 1); }
    });
    return { total: total, shown: shown };
  }

  function renderLegend() {
    var counts = countsByType();
    legendEl.textContent = "";
    data.types.forEach(function (t) {
      var total = counts.total.get(t.key) || 0;
      if (!total) { return; }
      var li = el("li");
      li.dataset.type = t.key;
      var label = el("label");
      var box = el("input");
      box.type = "checkbox";
      box.checked = !hiddenTypes.has(t.key);
      box.dataset.type = t.key;
      box.addEventListener("change", function () {
        if (box.checked) { hiddenTypes.delete(t.key); } else { hiddenTypes.add(t.key); }
        refresh();
      });
      var swatch = el("span", t.symbol, "swatch");
      swatch.style.color = t.colour;
      label.appendChild(box);
      label.appendChild(swatch);
      label.appendChild(el("span", t.label, "name"));
      label.appendChild(el("span", (counts.shown.get(t.key) || 0) + " / " + total, "count"));
      li.appendChild(label);
      legendEl.appendChild(li);
    });
    var shown = 0;
    counts.shown.forEach(function (v) { shown += v; });
    statusEl.textContent = "显示 " + shown + " / " + info.size + " 个节点，" + edges.length + " 条关系" +
      (meta.total > meta.shown ? "（共匹配 " + meta.total + " 个）" : "");
  }

  function refresh() {
    nodeView.refresh();
    renderLegend();
  }

  // ------------------------------------------------------------------ dates

  var fromInput = document.getElementById("date-from");
  var toInput = document.getElementById("date-to");
  (function initDates() {
    var lo = null;
    var hi = null;
    data.nodes.forEach(function (n) {
      var s = n.start || n.end;
      var e = n.end || n.start;
      if (s && (lo === null || s < lo)) { lo = s; }
      if (e && (hi === null || e > hi)) { hi = e; }
    });
    [fromInput, toInput].forEach(function (input) {
      if (lo) { input.min = lo; }
      if (hi) { input.max = hi; }
    });
    if (meta.dateFrom) { fromInput.value = meta.dateFrom; dateFrom = meta.dateFrom; }
    if (meta.dateTo) { toInput.value = meta.dateTo; dateTo = meta.dateTo; }
  })();
  fromInput.addEventListener("change", function () { dateFrom = fromInput.value; refresh(); });
  toInput.addEventListener("change", function () { dateTo = toInput.value; refresh(); });

  // ------------------------------------------------------------------ physics

  var physicsButton = document.getElementById("physics");
  var physicsOn = false;
  var physicsStarted = 0;
  var physicsTimer = null;
  var PHYSICS_CAP_MS = 60000;  // a few thousand nodes may never meet vis's settling threshold
  function setPhysics(on) {
    physicsOn = on;
    physicsButton.setAttribute("aria-pressed", on ? "true" : "false");
    physicsButton.textContent = on ? "物理布局：开" : "物理布局：关";
    network.setOptions({ physics: { enabled: on } });
    if (physicsTimer !== null) { clearTimeout(physicsTimer); physicsTimer = null; }
    if (on) {
      physicsStarted = performance.now();
      network.startSimulation();
      physicsTimer = setTimeout(function () {
        timing.physicsCapped = true;
        setPhysics(false);
        statusEl.textContent += "；物理布局运行 60 秒后已停止";
      }, PHYSICS_CAP_MS);
    }
  }
  physicsButton.addEventListener("click", function () { setPhysics(!physicsOn); });
  network.on("stabilized", function () {
    if (!physicsOn) { return; }
    timing.physicsSettled = performance.now() - physicsStarted;
    setPhysics(false);  // settled: stop, until switched on again
  });

  // ------------------------------------------------------------------ details panel

  var details = document.getElementById("details");
  var body = document.getElementById("details-body");
  document.getElementById("close-details").addEventListener("click", function () { details.hidden = true; });

  function nodeLink(id) {
    var n = info.get(id);
    var a = el("span", n ? firstLine(n.label) : id, "link");
    a.setAttribute("role", "link");
    a.tabIndex = 0;
    a.addEventListener("click", function () { choose(id); });
    return a;
  }

  function showDetails(id) {
    var n = info.get(id);
    if (!n) { return; }
    body.textContent = "";
    body.appendChild(el("h2", firstLine(n.label)));
    body.appendChild(el("p", typeByKey.get(n.type).label + (span(n) ? " · " + span(n) : ""), "meta"));
    if (n.aliases && n.aliases.length) { body.appendChild(el("p", "别名：" + n.aliases.join("、"), "meta")); }
    body.appendChild(el("p", n.id, "iri"));

    var held = posts[id] || [];
    if (held.length) {
      body.appendChild(el("h3", "职务（按时间）"));
      var list = el("ol", null, "posts");
      held.forEach(function (p) {
        var li = el("li");
        li.appendChild(el("span", (p.dates.length ? p.dates.join("、") : "日期不详") + "　"));
        li.appendChild(el("strong", p.title));
        if (p.org) { li.appendChild(el("span", "（" + p.org + "）")); }
        list.appendChild(li);
      });
      body.appendChild(list);
    }

    var links = edges.get({ filter: function (e) { return e.from === id || e.to === id; } });
    if (links.length) {
      body.appendChild(el("h3", "关系（" + links.length + "）"));
      var rel = el("ul", null, "relations");
      links.slice(0, 200).forEach(function (e) {
        var li = el("li");
        var other = e.from === id ? e.to : e.from;
        li.appendChild(el("span", (e.from === id ? "→ " : "← ") + e.label + "："));
        li.appendChild(nodeLink(other));
        rel.appendChild(li);
      });
      body.appendChild(rel);
    }

    var ids = evidence[id] || [];
    body.appendChild(el("h3", "来源句子（" + ids.length + "）"));
    if (!ids.length) { body.appendChild(el("p", "无", "meta")); }
    ids.forEach(function (sid) {
      var s = sentences[sid];
      if (!s) { return; }
      var doc = documents[s.doc] || { title: s.doc };
      body.appendChild(el("blockquote", s.text));
      var where = [doc.title];
      if (s.article) { where.push("《" + s.article + "》"); }
      if (doc.date) { where.push(doc.date); }
      if (doc.source) { where.push(doc.source); }
      body.appendChild(el("p", where.join(" · "), "source"));
    });
    details.hidden = false;
  }

  function choose(id) {
    var n = info.get(id);
    if (!n) { return; }
    if (visible(n)) {
      network.selectNodes([id]);
      network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    }
    showDetails(id);
  }

  network.on("click", function (params) {
    if (params.nodes.length) { showDetails(params.nodes[0]); }
  });

  // ------------------------------------------------------------------ search

  var search = document.getElementById("search");
  var results = document.getElementById("results");

  function matchScore(n, q) {
    var name = firstLine(n.label).toLowerCase();
    if (name === q) { return 0; }
    if (name.indexOf(q) === 0) { return 1; }
    if (name.indexOf(q) >= 0) { return 2; }
    var i;
    for (i = 0; i < n.aliases.length; i++) {
      if (n.aliases[i].toLowerCase().indexOf(q) >= 0) { return 3; }
    }
    if (!/^[a-z]+$/.test(q)) { return -1; }
    var py = n.py ? n.py.split(" ") : [];
    var ini = n.ini ? n.ini.split(" ") : [];
    for (i = 0; i < py.length; i++) {
      if (py[i] === q || ini[i] === q) { return 4; }
    }
    for (i = 0; i < py.length; i++) {
      if (py[i].indexOf(q) === 0 || (ini[i] && ini[i].indexOf(q) === 0)) { return 5; }
    }
    for (i = 0; i < py.length; i++) {
      if (py[i].indexOf(q) >= 0) { return 6; }
    }
    return -1;
  }

  function find(text) {
    var q = text.trim().toLowerCase().replace(/\s+/g, "");
    if (!q) { return []; }
    var hits = [];
    info.forEach(function (n) {
      var score = matchScore(n, q);
      if (score >= 0) { hits.push([score, firstLine(n.label).length, n]); }
    });
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return hits.slice(0, 30).map(function (h) { return h[2]; });
  }

  function showResults() {
    var found = find(search.value);
    results.textContent = "";
    found.forEach(function (n) {
      var li = el("li", firstLine(n.label), visible(n) ? "" : "hidden-node");
      li.dataset.id = n.id;
      li.appendChild(el("span", typeByKey.get(n.type).label + (span(n) ? " · " + span(n) : ""), "type"));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(n.id); results.hidden = true; });
      results.appendChild(li);
    });
    if (search.value.trim() && !found.length) { results.appendChild(el("li", "没有找到")); }
    results.hidden = !search.value.trim();
  }

  search.addEventListener("input", showResults);
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      var found = find(search.value);
      if (found.length) { choose(found[0].id); results.hidden = true; }
    } else if (ev.key === "Escape") {
      results.hidden = true;
    }
  });
  search.addEventListener("blur", function () { results.hidden = true; });
  search.addEventListener("focus", function () { if (search.value.trim()) { showResults(); } });

  // ------------------------------------------------------------------ expansion (served pages only)

  function merge(payload, around) {
    var origin = network.getPositions([around])[around] || { x: 0, y: 0 };
    var fresh = payload.nodes.filter(function (n) { return !info.has(n.id); });
    fresh.forEach(function (n, i) {
      var angle = (2 * Math.PI * i) / Math.max(fresh.length, 1);
      n.x = origin.x + 140 * Math.cos(angle);
      n.y = origin.y + 140 * Math.sin(angle);
      info.set(n.id, n);
    });
    Object.assign(sentences, payload.sentences);
    Object.assign(documents, payload.documents);
    Object.keys(payload.evidence).forEach(function (id) { if (!evidence[id]) { evidence[id] = payload.evidence[id]; } });
    Object.keys(payload.posts).forEach(function (id) { if (!posts[id]) { posts[id] = payload.posts[id]; } });
    Object.assign(data.relations, payload.relations);
    nodes.add(fresh.map(visNode));
    edges.add(payload.edges.map(visEdge).filter(function (e) { return edges.get(e.id) === null; }));
    refresh();
    return fresh.length;
  }

  function expand(id) {
    statusEl.textContent = "正在展开……";
    fetch(meta.neighboursUrl + "?iri=" + encodeURIComponent(id), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(new Error("HTTP " + r.status)); })
      .then(function (payload) {
        var added = merge(payload, id);
        renderLegend();
        statusEl.textContent += "；新增 " + added + " 个节点";
      })
      .catch(function (err) { statusEl.textContent = "展开失败：" + err.message; });
  }

  if (meta.neighboursUrl) {
    document.getElementById("expand-hint").hidden = false;
    network.on("doubleClick", function (params) { if (params.nodes.length) { expand(params.nodes[0]); } });
  }

  // ------------------------------------------------------------------ start

  document.getElementById("page-title").textContent = meta.title;
  var warnings = document.getElementById("warnings");
  if (meta.warnings.length) {
    meta.warnings.forEach(function (w) { warnings.appendChild(el("div", w)); });
    warnings.hidden = false;
  }
  renderLegend();
  if (meta.focus.length === 1 && info.has(meta.focus[0])) { network.selectNodes([meta.focus[0]]); }

  // for tests and benchmarks: the network, its data and the timings
  window.jianbaoViewer = {
    network: network, nodes: nodes, edges: edges, view: nodeView, timing: timing,
    drawnNodeCount: function () { return network.body.nodeIndices.length; },
    find: find, choose: choose, setPhysics: setPhysics, expand: expand
  };
})();
