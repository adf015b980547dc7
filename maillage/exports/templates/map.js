/* maillage influence map.
 * All document text (names, aliases, sentences, titles, paths) comes from the JSON blocks
 * and is put in the page with textContent / createTextNode: never innerHTML, never as an
 * attribute that the browser would interpret (href, src, on*). Tooltips are plain strings,
 * which vis-network 9 shows with innerText.
 */
(function () {
  "use strict";

  function readJSON(id) { return JSON.parse(document.getElementById(id).textContent); }
  var nodeItems = readJSON("map-nodes");
  var edgeItems = readJSON("map-edges");
  var options = readJSON("map-options");
  var meta = readJSON("map-meta");
  var api = window.maillageMap = { ready: false, drawn: false, stable: false, meta: meta };

  // ------------------------------------------------------------------ small DOM helpers
  function $(id) { return document.getElementById(id); }
  function text(s) { return document.createTextNode(s === null || s === undefined ? "" : String(s)); }
  function el(tag, cls, children) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    (children || []).forEach(function (c) {
      e.appendChild(typeof c === "object" && c !== null ? c : text(c));
    });
    return e;
  }
  function clear(e) { while (e.firstChild) { e.removeChild(e.firstChild); } }
  function dot(color) { var d = el("span", "dot"); d.style.backgroundColor = color; return d; }
  function fold(s) {
    return String(s).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^0-9a-z]+/g, " ").trim();
  }
  function plural(k, word) { return fmt(k) + " " + word + (k === 1 ? "" : "s"); }
  function fmt(v) {
    if (typeof v !== "number") { return String(v); }
    if (Number.isInteger(v)) { return v.toLocaleString("en"); }
    return Math.abs(v) >= 0.001 || v === 0 ? v.toFixed(4) : v.toExponential(2);
  }
  function humanType(t) { return String(t).replace(/_/g, " "); }

  // ------------------------------------------------------------------ indexes
  var nodeById = {};
  var edgeById = {};
  var adjacency = {};
  var relByType = {};
  meta.relations.forEach(function (r) { relByType[r.type] = r; });
  var typeColor = meta.type_colors;
  var communityColor = {};
  meta.communities.forEach(function (c) { communityColor[c.id] = c.color; });

  nodeItems.forEach(function (n) {
    nodeById[n.id] = n;
    adjacency[n.id] = [];
    n._names = [n.name].concat(n.aliases);
    n._folded = n._names.map(fold);
    var tip = n.name + "\n" + humanType(n.type);
    if (n.aliases.length) { tip += "\naka " + n.aliases.slice(0, 4).join(" · ") + (n.aliases.length > 4 ? " …" : ""); }
    n.title = tip;  // a plain string: shown as text
  });
  edgeItems.forEach(function (e) {
    edgeById[e.id] = e;
    if (adjacency[e.from]) { adjacency[e.from].push(e.id); }
    if (adjacency[e.to] && e.to !== e.from) { adjacency[e.to].push(e.id); }
    var r = relByType[e.type];
    e.title = (nodeById[e.from] ? nodeById[e.from].name : e.from) + " — " + (r ? r.label : e.type) + " — " +
      (nodeById[e.to] ? nodeById[e.to].name : e.to) + "\n" + e.weight + " evidence(s); click for the sentences";
  });

  // ------------------------------------------------------------------ filter state
  var state = {
    types: {}, relations: {}, levels: {}, yearMin: null, yearMax: null, undated: true,
    minEvidence: 1, hideIsolated: false, colorBy: meta.color_by, sizeBy: meta.size_by
  };
  function resetState() {
    meta.types.forEach(function (t) { state.types[t.type] = true; });
    meta.relations.forEach(function (r) { state.relations[r.type] = r.stated; });
    meta.levels.forEach(function (l) { state.levels[l.level] = true; });
    state.yearMin = meta.years ? meta.years[0] : null;
    state.yearMax = meta.years ? meta.years[1] : null;
    state.undated = true;
    var minW = edgeItems.reduce(function (m, e) { return Math.min(m, e.weight); }, Infinity);
    state.minEvidence = minW === Infinity ? 1 : Math.min(1, minW);
    state.hideIsolated = false;
  }
  resetState();

  function yearOk(years) {
    if (!years.length) { return state.undated; }
    if (state.yearMin === null || state.yearMax === null) { return true; }
    for (var i = 0; i < years.length; i++) {
      if (years[i] >= state.yearMin && years[i] <= state.yearMax) { return true; }
    }
    return false;
  }

  var nodeVisible = {};
  var edgeVisible = {};
  function computeVisibility() {
    var base = {};
    nodeItems.forEach(function (n) {
      base[n.id] = state.types[n.type] !== false && state.levels[n.level || ""] !== false && yearOk(n.years);
    });
    var degree = {};
    edgeItems.forEach(function (e) {
      var ok = state.relations[e.type] === true && e.weight >= state.minEvidence && yearOk(e.years) &&
        base[e.from] === true && base[e.to] === true;
      edgeVisible[e.id] = ok;
      if (ok) { degree[e.from] = (degree[e.from] || 0) + 1; degree[e.to] = (degree[e.to] || 0) + 1; }
    });
    nodeItems.forEach(function (n) {
      nodeVisible[n.id] = base[n.id] && (!state.hideIsolated || (degree[n.id] || 0) > 0);
    });
  }

  function sizeValue(n, measure) {
    if (measure === "degree") { return n.degree; }
    var v = n.scores[measure];
    return typeof v === "number" ? v : 0;
  }
  function nodeColor(n, by) {
    if (by === "community") {
      return n.community !== null && communityColor[n.community] ? communityColor[n.community] : meta.other_community_color;
    }
    return typeColor[n.type] || "#888888";
  }

  // ------------------------------------------------------------------ the network
  computeVisibility();
  nodeItems.forEach(function (n) { n.hidden = !nodeVisible[n.id]; });
  edgeItems.forEach(function (e) { e.hidden = !edgeVisible[e.id]; });
  var nodes = new vis.DataSet(nodeItems);
  var edges = new vis.DataSet(edgeItems);
  var container = $("mynetwork");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  api.network = network;
  api.nodes = nodes;
  api.edges = edges;
  api.visibleNodeIds = function () { return nodeItems.filter(function (n) { return nodeVisible[n.id]; }).map(function (n) { return n.id; }); };
  api.visibleEdgeIds = function () { return edgeItems.filter(function (e) { return edgeVisible[e.id]; }).map(function (e) { return e.id; }); };

  function markReady() {
    if (api.stable && api.drawn && !api.ready) {
      api.ready = true;
      api.readyAt = performance.now();
      document.body.setAttribute("data-map-ready", "1");
    }
  }
  network.on("afterDrawing", function () { api.drawn = true; markReady(); });
  if (options.physics && options.physics.enabled && nodeItems.length > 0) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });  // no endless jiggle; filters keep positions
      api.stable = true;
      network.fit();
      network.redraw();
      markReady();
    });
  } else {
    api.stable = true;
    if (nodeItems.length === 0) { api.drawn = true; markReady(); }
  }

  function applyFilters() {
    computeVisibility();
    var nu = [];
    var eu = [];
    nodeItems.forEach(function (n) {
      var h = !nodeVisible[n.id];
      if (n.hidden !== h) { n.hidden = h; nu.push({ id: n.id, hidden: h }); }
    });
    edgeItems.forEach(function (e) {
      var h = !edgeVisible[e.id];
      if (e.hidden !== h) { e.hidden = h; eu.push({ id: e.id, hidden: h }); }
    });
    if (nu.length) { nodes.update(nu); }
    if (eu.length) { edges.update(eu); }
    updateStats();
  }
  api.applyFilters = applyFilters;

  function recolor(by, initial) {
    state.colorBy = by;
    if (!initial) nodes.update(nodeItems.map(function (n) { return { id: n.id, color: nodeColor(n, by) }; }));
    $("filter-types").querySelectorAll(".dot").forEach(function (d) {
      d.style.visibility = by === "type" ? "visible" : "hidden";
    });
    $("legend-communities").hidden = by !== "community";
  }
  function resize(measure, initial) {
    state.sizeBy = measure;
    if (!initial) nodes.update(nodeItems.map(function (n) { return { id: n.id, value: sizeValue(n, measure) }; }));
    var note = measure === "degree" ? "Node size: degree (number of relations in the graph)." :
      "Node size: " + measure + " (computed by maillage analyse).";
    if (meta.size_fallback && measure === "degree") { note += " No " + meta.size_requested + " scores in this graph."; }
    $("map-size-note").textContent = note;
  }

  // ------------------------------------------------------------------ header
  function updateStats() {
    var vn = 0;
    var ve = 0;
    nodeItems.forEach(function (n) { if (nodeVisible[n.id]) { vn++; } });
    edgeItems.forEach(function (e) { if (edgeVisible[e.id]) { ve++; } });
    $("map-stats").textContent = fmt(vn) + " of " + fmt(nodeItems.length) + " actors and " + fmt(ve) + " of " +
      fmt(edgeItems.length) + " relations shown · " + plural(Object.keys(meta.documents).length, "document") + " · " +
      (meta.layout === "python" ? "layout precomputed (seed " + meta.seed + ")" : "force layout (seed " + meta.seed + ")");
  }
  meta.notices.forEach(function (s) { $("map-notices").appendChild(el("li", null, [s])); });

  // ------------------------------------------------------------------ controls
  function checkboxRow(list, checked, swatch, label, count, onChange) {
    var input = document.createElement("input");
    input.type = "checkbox";
    input.checked = checked;
    input.addEventListener("change", function () { onChange(input.checked); applyFilters(); });
    var lab = el("label", null, [input, swatch, el("span", null, [label]), el("span", "count", [fmt(count)])]);
    var li = el("li", null, [lab]);
    list.appendChild(li);
    return input;
  }
  var inputs = { types: {}, relations: {}, levels: {} };
  meta.types.forEach(function (t) {
    inputs.types[t.type] = checkboxRow($("filter-types"), true, dot(t.color), t.label, t.count,
      function (v) { state.types[t.type] = v; });
  });
  meta.communities.forEach(function (c) {
    $("legend-communities").appendChild(el("li", null, [el("label", null, [dot(c.color), el("span", null, [c.label]),
      el("span", "count", [fmt(c.count)])])]));
  });
  meta.relations.forEach(function (r) {
    if (!r.stated) { return; }
    var line = el("span", "line");
    line.style.borderTopColor = r.color;
    inputs.relations[r.type] = checkboxRow($("filter-relations"), true, line,
      r.label + (r.symmetric ? "" : " →"), r.count, function (v) { state.relations[r.type] = v; });
  });
  var comention = $("filter-comentions");
  var comentionCount = relByType[meta.co_mention] ? relByType[meta.co_mention].count : 0;
  $("comention-count").textContent = fmt(comentionCount);
  comention.addEventListener("change", function () { state.relations[meta.co_mention] = comention.checked; applyFilters(); });
  meta.levels.forEach(function (l) {
    inputs.levels[l.level] = checkboxRow($("filter-levels"), true, el("span"), l.label, l.count,
      function (v) { state.levels[l.level] = v; });
  });
  var yMin = $("filter-year-min");
  var yMax = $("filter-year-max");
  if (meta.years) {
    [yMin, yMax].forEach(function (i) { i.min = meta.years[0]; i.max = meta.years[1]; });
  } else {
    $("years-box").hidden = true;
  }
  function readYears() {
    var a = parseInt(yMin.value, 10);
    var b = parseInt(yMax.value, 10);
    state.yearMin = isNaN(a) ? (meta.years ? meta.years[0] : null) : a;
    state.yearMax = isNaN(b) ? (meta.years ? meta.years[1] : null) : b;
    applyFilters();
  }
  yMin.addEventListener("input", readYears);
  yMax.addEventListener("input", readYears);
  $("filter-undated").addEventListener("change", function () { state.undated = $("filter-undated").checked; applyFilters(); });
  var minEv = $("filter-min-evidence");
  minEv.addEventListener("input", function () {
    var v = parseInt(minEv.value, 10);
    state.minEvidence = isNaN(v) ? 0 : v;
    applyFilters();
  });
  $("filter-isolated").addEventListener("change", function () { state.hideIsolated = $("filter-isolated").checked; applyFilters(); });

  function syncInputs() {
    Object.keys(inputs.types).forEach(function (k) { inputs.types[k].checked = state.types[k]; });
    Object.keys(inputs.relations).forEach(function (k) { inputs.relations[k].checked = state.relations[k]; });
    Object.keys(inputs.levels).forEach(function (k) { inputs.levels[k].checked = state.levels[k]; });
    comention.checked = state.relations[meta.co_mention] === true;
    yMin.value = state.yearMin === null ? "" : state.yearMin;
    yMax.value = state.yearMax === null ? "" : state.yearMax;
    $("filter-undated").checked = state.undated;
    minEv.value = state.minEvidence;
    $("filter-isolated").checked = state.hideIsolated;
  }
  $("map-reset").addEventListener("click", function () { resetState(); syncInputs(); applyFilters(); });
  $("map-fit").addEventListener("click", function () { network.fit({ animation: false }); });

  var byType = $("color-by-type");
  var byCommunity = $("color-by-community");
  byType.checked = state.colorBy === "type";
  byCommunity.checked = state.colorBy === "community";
  if (!meta.has_community) {
    byCommunity.disabled = true;
    $("color-by-community-label").appendChild(el("span", "note", [" (none: run maillage analyse)"]));
  }
  byType.addEventListener("change", function () { if (byType.checked) { recolor("type"); } });
  byCommunity.addEventListener("change", function () { if (byCommunity.checked) { recolor("community"); } });

  var sizeSelect = $("map-size-by");
  meta.measures.forEach(function (m) {
    var o = document.createElement("option");
    o.value = m;
    o.textContent = m;
    sizeSelect.appendChild(o);
  });
  sizeSelect.value = state.sizeBy;
  sizeSelect.addEventListener("change", function () { resize(sizeSelect.value); });

  // ------------------------------------------------------------------ search
  var search = $("map-search");
  var results = $("map-search-results");
  var current = [];
  function rank(n, q) {
    var best = null;
    for (var i = 0; i < n._folded.length; i++) {
      var k = n._folded[i];
      var r = k === q ? 0 : k.indexOf(q) === 0 ? 1 : (" " + k).indexOf(" " + q) >= 0 ? 2 : k.indexOf(q) >= 0 ? 3 : null;
      if (r !== null && (best === null || r < best[0])) { best = [r, i]; }
    }
    return best;
  }
  function runSearch() {
    var q = fold(search.value);
    clear(results);
    current = [];
    if (!q) { return; }
    var found = [];
    nodeItems.forEach(function (n) {
      var r = rank(n, q);
      if (r) { found.push([r[0], n.name.length, n.name, n, r[1]]); }
    });
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0); });
    found.slice(0, 15).forEach(function (f, i) {
      var n = f[3];
      var parts = [el("span", null, [n.name])];
      if (f[4] > 0) { parts.push(el("span", "alias", [" — " + n._names[f[4]]])); }
      parts.push(el("span", "type", [" (" + humanType(n.type) + (nodeVisible[n.id] ? "" : ", hidden by filters") + ")"]));
      var li = el("li", i === 0 ? "active" : null, parts);
      li.setAttribute("role", "option");
      li.addEventListener("click", function () { focusNode(n.id); });
      results.appendChild(li);
      current.push(n.id);
    });
    if (!found.length) { results.appendChild(el("li", "muted", ["no actor by that name"])); }
  }
  search.addEventListener("input", runSearch);
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && current.length) { ev.preventDefault(); focusNode(current[0]); }
    if (ev.key === "Escape") { search.value = ""; runSearch(); }
  });
  api.search = function (q) { search.value = q; runSearch(); return current.slice(); };

  function focusNode(id) {
    if (!nodeById[id]) { return; }
    if (nodeVisible[id]) {
      network.selectNodes([id]);
      network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 300 } });
    } else {
      network.unselectAll();
    }
    showNode(id);
  }
  api.focusNode = focusNode;

  // ------------------------------------------------------------------ panel
  var panel = $("map-panel-content");
  function docSource(docId, ev) {
    var d = meta.documents[docId] || {};
    var bits = [];
    bits.push(d.title || docId || "unknown document");
    var date = (ev && ev.date) || d.date;
    if (date) { bits.push(date); }
    if (d.path) { bits.push(d.path); }
    var extra = [];
    if (ev && ev.method) { extra.push(ev.method); }
    if (ev && ev.lang) { extra.push(ev.lang); }
    return "— " + bits.join(" · ") + (extra.length ? " (" + extra.join(", ") + ")" : "");
  }
  function evidenceList(e) {
    var box = el("div");
    if (!e.evidence.length) { box.appendChild(el("p", "muted", ["no evidence sentence recorded"])); }
    e.evidence.forEach(function (ev) {
      box.appendChild(el("blockquote", "sentence", [ev.sentence || "(no sentence)"]));
      box.appendChild(el("p", "source", [docSource(ev.doc, ev)]));
    });
    return box;
  }
  function actorButton(id) {
    var n = nodeById[id];
    var b = el("button", "actor", [n ? n.name : id]);
    b.type = "button";
    b.addEventListener("click", function () { focusNode(id); });
    return b;
  }
  function relationLabel(e) {
    var r = relByType[e.type];
    return r ? r.label : humanType(e.type);
  }
  function showPanel(children) {
    $("map-panel-placeholder").hidden = true;
    clear(panel);
    children.forEach(function (c) { panel.appendChild(c); });
    panel.parentNode.scrollTop = 0;
  }
  function showNode(id) {
    var n = nodeById[id];
    var out = [];
    out.push(el("h2", "name", [n.name]));
    var facts = [dot(nodeColor(n, "type")), " " + humanType(n.type)];
    if (n.level) { facts.push(" · " + n.level); }
    if (n.country) { facts.push(" · " + n.country); }
    out.push(el("p", "facts", facts));
    if (!nodeVisible[id]) { out.push(el("p", "warning", ["This actor is hidden by the current filters."])); }
    if (n.aliases.length) {
      out.push(el("h3", null, ["Names (" + n._names.length + ")"]));
      out.push(el("ul", "names", n._names.map(function (a) { return el("li", null, [a]); })));
    }
    var rows = [];
    var measures = Object.keys(n.scores).sort();
    rows.push(el("tr", null, [el("td", null, ["relations"]), el("td", null, [fmt(n.degree)])]));
    measures.forEach(function (m) { rows.push(el("tr", null, [el("td", null, [m]), el("td", null, [fmt(n.scores[m])])])); });
    if (n.community !== null) {
      rows.push(el("tr", null, [el("td", null, ["community"]),
        el("td", null, [dot(communityColor[n.community] || meta.other_community_color), " " +
          (n.community_label || ("community " + n.community))])]));
    }
    out.push(el("h3", null, ["Scores"]));
    out.push(el("table", "scores", rows));
    var attrKeys = Object.keys(n.attrs).sort();
    if (attrKeys.length) {
      out.push(el("h3", null, ["Details"]));
      out.push(el("table", "attrs", attrKeys.map(function (k) {
        return el("tr", null, [el("td", null, [humanType(k)]), el("td", null, [String(n.attrs[k])])]);
      })));
    }
    var ids = adjacency[id].slice();
    ids.sort(function (a, b) {
      var ea = edgeById[a];
      var eb = edgeById[b];
      var oa = nodeById[ea.from === id ? ea.to : ea.from];
      var ob = nodeById[eb.from === id ? eb.to : eb.from];
      var ka = ea.type + "\u0000" + (oa ? oa.name : "");
      var kb = eb.type + "\u0000" + (ob ? ob.name : "");
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
    var stated = ids.filter(function (x) { return edgeById[x].stated; });
    var co = ids.filter(function (x) { return !edgeById[x].stated; });
    function relBlock(eid) {
      var e = edgeById[eid];
      var head = el("div", "rel-head");
      if (e.from === id) {
        head.appendChild(el("span", "rel-type", [relationLabel(e) + " "]));
        head.appendChild(actorButton(e.to));
      } else {
        head.appendChild(actorButton(e.from));
        head.appendChild(el("span", "rel-type", [" " + relationLabel(e) + " this actor"]));
      }
      head.appendChild(el("span", "muted", [" · " + e.weight + " evidence(s)" + (edgeVisible[eid] ? "" : " · hidden by filters")]));
      return el("div", "rel", [head, evidenceList(e)]);
    }
    out.push(el("h3", null, ["Stated relations (" + stated.length + ")"]));
    if (!stated.length) { out.push(el("p", "muted", ["none among the actors shown"])); }
    stated.forEach(function (x) { out.push(relBlock(x)); });
    if (co.length) {
      var det = el("details", "comentions", [el("summary", null, ["Co-mentions (" + co.length + ")"])]);
      co.forEach(function (x) { det.appendChild(relBlock(x)); });
      out.push(det);
    }
    if (n.docs.length) {
      out.push(el("h3", null, ["Documents (" + n.docs.length + ")"]));
      out.push(el("ul", "docs", n.docs.map(function (d) { return el("li", null, [docSource(d, null).slice(2)]); })));
    }
    showPanel(out);
  }
  function showEdge(eid) {
    var e = edgeById[eid];
    var out = [];
    out.push(el("h2", "name", [relationLabel(e)]));
    out.push(el("p", "facts", [actorButton(e.from), " " + relationLabel(e) + " ", actorButton(e.to)]));
    var facts = [e.stated ? "stated relation" : "co-mention (no stated relation)", e.weight + " evidence(s)"];
    if (e.years.length) { facts.push(e.years[0] === e.years[e.years.length - 1] ? String(e.years[0]) : e.years[0] + "–" + e.years[e.years.length - 1]); }
    out.push(el("p", "muted", [facts.join(" · ")]));
    out.push(el("h3", null, ["Evidence (" + e.evidence.length + ")"]));
    out.push(evidenceList(e));
    showPanel(out);
  }
  api.showNode = showNode;
  api.showEdge = showEdge;
  network.on("click", function (p) {
    if (p.nodes && p.nodes.length) { showNode(p.nodes[0]); } else if (p.edges && p.edges.length) { showEdge(p.edges[0]); }
  });

  // ------------------------------------------------------------------ start
  syncInputs();
  recolor(state.colorBy, true);  // the initial colours and sizes come from Python
  resize(state.sizeBy, true);
  updateStats();
}());
