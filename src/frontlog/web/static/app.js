/* frontlog web page: map, timeline and evidence panel over the JSON API.
 *
 * Safety rule: text that comes from articles (bodies, titles, names, URLs) reaches the
 * page only through text nodes (textContent / createTextNode). No HTML string built from
 * data is ever parsed, and links are made only for http(s) URLs.
 */
"use strict";

(function () {
  const MAP_LIMIT = 5000; // events drawn on the map at once
  const LIST_LIMIT = 200; // events listed in the side panel
  const N_COLORS = 10;
  const PRECISION = {
    1: "the place itself",
    2: "near it / part of a region",
    3: "the region",
  };

  const state = {
    filters: {},
    types: new Map(), // type -> colour index
    markers: new Map(), // uid -> marker
    selected: null,
    timelineDays: [],
  };

  // -- small DOM helpers (text only) -------------------------------------------------------

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (k === "className") node.className = v;
      else if (k === "dataset") Object.assign(node.dataset, v);
      else if (k === "onclick") node.addEventListener("click", v);
      else node.setAttribute(k, v);
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      node.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function $(id) {
    return document.getElementById(id);
  }

  async function getJSON(path, params) {
    const url = new URL(path, window.location.origin);
    for (const [k, v] of Object.entries(params || {})) {
      if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, v);
    }
    const resp = await fetch(url);
    if (!resp.ok) throw new Error(`${resp.status} ${url.pathname}`);
    return resp.json();
  }

  function colorClass(type) {
    if (!state.types.has(type)) state.types.set(type, state.types.size % N_COLORS);
    return `t${state.types.get(type)}`;
  }

  function safeHttpUrl(url) {
    if (typeof url !== "string") return null;
    try {
      const u = new URL(url);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  function when(ev) {
    const s = ev.time_start || "?";
    const e = ev.time_end && ev.time_end !== ev.time_start ? ` – ${ev.time_end}` : "";
    return s + e;
  }

  // -- map -------------------------------------------------------------------------------

  const map = L.map("map", { worldCopyJump: true, minZoom: 2, maxZoom: 14 }).setView([49, 32], 5);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Boundaries: Natural Earth");
  const canvas = L.canvas({ padding: 0.5 });
  const countries = L.layerGroup().addTo(map);
  const admin1 = L.layerGroup();
  const areas = L.featureGroup().addTo(map);
  const cluster = L.markerClusterGroup({
    maxClusterRadius: 40,
    disableClusteringAtZoom: 11,
    showCoverageOnHover: false,
    chunkedLoading: true,
  }).addTo(map);
  L.control
    .layers(null, { "Regions (admin 1)": admin1, "Area claims": areas, Events: cluster }, {
      collapsed: true,
    })
    .addTo(map);

  function drawBoundaries(data) {
    const byLevel = { country: [], admin1: [] };
    for (const f of data.features) (byLevel[f.properties.level] || []).push(f);
    L.geoJSON(byLevel.country, {
      renderer: canvas,
      interactive: false,
      style: { color: "#8a8a8a", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1 },
    }).addTo(countries);
    L.geoJSON(byLevel.admin1, {
      renderer: canvas,
      interactive: false,
      style: { color: "#b9b3a8", weight: 0.6, fill: false },
    }).addTo(admin1);
    const showAdmin1 = () => {
      if (map.getZoom() >= 4) map.addLayer(admin1);
      else map.removeLayer(admin1);
    };
    map.on("zoomend", showAdmin1);
    showAdmin1();
    countries.eachLayer((l) => l.bringToBack && l.bringToBack());
  }

  function markerFor(ev) {
    const icon = L.divIcon({
      className: `ev-marker ${colorClass(ev.type)} st-${ev.status}`,
      html: "",
      iconSize: [14, 14],
    });
    const marker = L.marker([ev.lat, ev.lon], {
      icon,
      title: `${ev.type} · ${ev.place_name || ""} · ${ev.time_start || ""}`,
      keyboard: true,
    });
    marker.on("add", () => {
      const node = marker.getElement();
      if (!node) return;
      node.dataset.uid = ev.uid;
      node.classList.toggle("selected", state.selected === ev.uid);
    });
    marker.on("click", () => openEvent(ev.uid));
    return marker;
  }

  function drawEvents(items) {
    cluster.clearLayers();
    areas.clearLayers();
    state.markers.clear();
    const markers = [];
    for (const ev of items) {
      if (typeof ev.lat === "number" && typeof ev.lon === "number") {
        const m = markerFor(ev);
        state.markers.set(ev.uid, m);
        markers.push(m);
      }
      const g = ev.geometry;
      if (g && (g.type === "Polygon" || g.type === "MultiPolygon")) {
        const layer = L.geoJSON(g, {
          style: { weight: 2, fillOpacity: 0.25, className: `area ${colorClass(ev.type)}` },
        });
        layer.on("click", () => openEvent(ev.uid));
        layer.bindTooltip(el("span", {}, `Area claim: ${ev.place_name || ev.type}`));
        areas.addLayer(layer);
      }
    }
    cluster.addLayers(markers);
    return markers;
  }

  // -- filters, counts and list ----------------------------------------------------------

  function readFilters() {
    const f = {};
    for (const input of $("filters").elements) {
      if (input.name && input.value) f[input.name] = input.value.trim();
    }
    return f;
  }

  function fillSelect(select, facet) {
    const keep = select.value;
    while (select.options.length > 1) select.remove(1);
    for (const { value, count } of facet) {
      select.appendChild(el("option", { value }, `${value} (${count})`));
    }
    select.value = keep;
  }

  function drawLegend(stats) {
    const legend = $("legend");
    clear(legend);
    const c = stats.counts;
    legend.appendChild(
      el("p", { className: "totals" },
        `${c.documents} documents · ${c.events} events · ${c.claims} claims`),
    );
    const ul = el("ul", { className: "types" });
    for (const { value, count } of stats.types) {
      ul.appendChild(
        el("li", {}, el("span", { className: `swatch ${colorClass(value)}` }), ` ${value} (${count})`),
      );
    }
    legend.appendChild(ul);
  }

  function drawList(data) {
    const ol = $("event-list");
    clear(ol);
    for (const ev of data.items.slice(0, LIST_LIMIT)) {
      const btn = el(
        "button",
        { type: "button", className: "ev-row", dataset: { uid: ev.uid } },
        el("span", { className: `swatch ${colorClass(ev.type)}` }),
        el("span", { className: "when" }, ev.time_start || "undated"),
        ` ${ev.type} · ${ev.place_name || "no place"}`,
        el("span", { className: "who" }, ` — ${ev.claimed_by || ""} (${ev.status})`),
      );
      btn.addEventListener("click", () => openEvent(ev.uid, true));
      ol.appendChild(el("li", {}, btn));
    }
    if (data.total > LIST_LIMIT) {
      ol.appendChild(el("li", { className: "more" }, `… ${data.total - LIST_LIMIT} more`));
    }
  }

  function drawCount(data, mapped) {
    const extra = data.total > data.items.length ? ` (first ${data.items.length} drawn)` : "";
    $("count").dataset.total = String(data.total);
    $("count").textContent = `${data.total} events${extra}, ${mapped} on the map`;
  }

  async function reload(fit) {
    state.filters = readFilters();
    const noDates = Object.assign({}, state.filters);
    delete noDates.date_from;
    delete noDates.date_to;
    const [events, tl] = await Promise.all([
      getJSON("/api/events", Object.assign({ limit: MAP_LIMIT, view: "map" }, state.filters)),
      getJSON("/api/timeline", noDates),
    ]);
    const markers = drawEvents(events.items);
    drawCount(events, markers.length);
    drawList(events);
    state.timelineDays = tl.days;
    drawTimeline();
    if (fit && markers.length) {
      const bounds = L.latLngBounds(markers.map((m) => m.getLatLng()));
      map.fitBounds(bounds.pad(0.3), { maxZoom: 8 });
    }
    return events;
  }

  // -- timeline (events per day; drag to brush a date range) ------------------------------

  const SVGNS = "http://www.w3.org/2000/svg";
  const DAY = 86400000;

  function svg(tag, attrs) {
    const node = document.createElementNS(SVGNS, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    return node;
  }

  function dayIndex(iso) {
    return Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY);
  }

  function isoOf(index) {
    return new Date(index * DAY).toISOString().slice(0, 10);
  }

  const MIN_BAR_PX = 6;

  function timelineGeometry() {
    // Days map linearly onto the width; bars group k days so none is thinner than MIN_BAR_PX.
    const days = state.timelineDays;
    if (!days.length) return null;
    const first = dayIndex(days[0].day);
    const last = dayIndex(days[days.length - 1].day);
    const box = $("timeline-svg").getBoundingClientRect();
    const n = last - first + 1;
    const k = Math.max(1, Math.ceil(n / Math.max(1, box.width / MIN_BAR_PX)));
    return { first, n, k, width: box.width, height: box.height, left: box.left };
  }

  function drawTimeline() {
    const node = $("timeline-svg");
    clear(node);
    const g = timelineGeometry();
    const label = $("timeline-label");
    if (!g) {
      label.textContent = "no dated events";
      return;
    }
    const buckets = new Map();
    for (const d of state.timelineDays) {
      const b = Math.floor((dayIndex(d.day) - g.first) / g.k);
      buckets.set(b, (buckets.get(b) || 0) + d.count);
    }
    const max = Math.max(...buckets.values());
    const dayPx = g.width / g.n;
    const from = state.filters.date_from ? dayIndex(state.filters.date_from) : -Infinity;
    const to = state.filters.date_to ? dayIndex(state.filters.date_to) : Infinity;
    node.setAttribute("viewBox", `0 0 ${g.width} ${g.height}`);
    for (const [b, count] of buckets) {
      const a = g.first + b * g.k;
      const z = Math.min(a + g.k - 1, g.first + g.n - 1);
      const h = Math.max(2, ((g.height - 4) * count) / max);
      const rect = svg("rect", {
        x: b * g.k * dayPx + 0.5,
        y: g.height - h,
        width: Math.max(1, (z - a + 1) * dayPx - 1),
        height: h,
        class: z >= from && a <= to ? "bar in" : "bar out",
      });
      const title = svg("title");
      const span = g.k > 1 ? `${isoOf(a)} to ${isoOf(z)}` : isoOf(a);
      title.textContent = `${span}: ${count} events`;
      rect.appendChild(title);
      node.appendChild(rect);
    }
    const unit = g.k > 1 ? ` · one bar = ${g.k} days` : " · one bar = one day";
    const sel =
      state.filters.date_from || state.filters.date_to
        ? ` · selected ${state.filters.date_from || "…"} to ${state.filters.date_to || "…"}` +
          " (double-click to clear)"
        : " · drag to select dates";
    label.textContent = `${isoOf(g.first)} to ${isoOf(g.first + g.n - 1)}${unit}${sel}`;
  }

  function setupBrush() {
    const node = $("timeline-svg");
    let start = null;
    let brush = null;
    const bucketAt = (clientX) => {
      // The first day of the bar under clientX.
      const g = timelineGeometry();
      const x = Math.min(Math.max(clientX - g.left, 0), g.width - 0.01);
      const day = Math.floor((x / g.width) * g.n);
      return g.first + Math.floor(day / g.k) * g.k;
    };
    node.addEventListener("pointerdown", (e) => {
      if (!timelineGeometry()) return;
      start = e.clientX;
      node.setPointerCapture(e.pointerId);
      const left = start - timelineGeometry().left;
      brush = svg("rect", { class: "brush", y: 0, height: "100%", x: left, width: 0 });
      node.appendChild(brush);
    });
    node.addEventListener("pointermove", (e) => {
      if (start === null) return;
      const g = timelineGeometry();
      const a = Math.min(start, e.clientX) - g.left;
      brush.setAttribute("x", String(a));
      brush.setAttribute("width", String(Math.abs(e.clientX - start)));
    });
    node.addEventListener("pointerup", (e) => {
      if (start === null) return;
      const g = timelineGeometry();
      const a = bucketAt(Math.min(start, e.clientX));
      const b = Math.min(bucketAt(Math.max(start, e.clientX)) + g.k - 1, g.first + g.n - 1);
      start = null;
      $("f-from").value = isoOf(a);
      $("f-to").value = isoOf(b);
      reload(false);
    });
    node.addEventListener("dblclick", () => {
      $("f-from").value = "";
      $("f-to").value = "";
      reload(false);
    });
    window.addEventListener("resize", drawTimeline);
  }

  // -- event detail ----------------------------------------------------------------------

  function field(dl, name, ...value) {
    dl.appendChild(el("dt", {}, name));
    dl.appendChild(el("dd", {}, ...value));
  }

  function articleWithMark(body, start, end, evidence) {
    // Split the body at the evidence offsets into text nodes around one <mark>.
    let s = start;
    let e = end;
    if (!(s >= 0 && e <= body.length && body.slice(s, e) === evidence)) {
      s = evidence ? body.indexOf(evidence) : -1;
      e = s >= 0 ? s + evidence.length : -1;
    }
    const div = $("d-article");
    clear(div);
    if (s < 0) {
      div.appendChild(document.createTextNode(body));
      return null;
    }
    const mark = el("mark", {}, body.slice(s, e));
    div.appendChild(document.createTextNode(body.slice(0, s)));
    div.appendChild(mark);
    div.appendChild(document.createTextNode(body.slice(e)));
    return mark;
  }

  function relatedList(title, items) {
    const box = el("div", { className: "related" }, el("h3", {}, `${title} (${items.length})`));
    const ul = el("ul", {});
    for (const r of items) {
      const btn = el(
        "button",
        { type: "button", className: "rel-row", dataset: { uid: r.uid } },
        el("strong", {}, r.publisher || "unknown source"),
        ` · ${r.status} · ${when(r)}: `,
        el("q", {}, r.evidence_text),
      );
      btn.addEventListener("click", () => openEvent(r.uid, true));
      ul.appendChild(el("li", {}, btn));
    }
    box.appendChild(ul);
    return box;
  }

  async function openEvent(uid, pan) {
    const [docId, eventId] = uid.split("/");
    const [ev, doc] = await Promise.all([
      getJSON(`/api/events/${encodeURIComponent(docId)}/${encodeURIComponent(eventId)}`),
      getJSON(`/api/documents/${encodeURIComponent(docId)}`),
    ]);
    state.selected = uid;
    document.querySelectorAll(".ev-marker.selected").forEach((n) => n.classList.remove("selected"));
    const marker = state.markers.get(uid);
    if (marker && pan) cluster.zoomToShowLayer(marker, () => {});
    const node = marker && marker.getElement();
    if (node) node.classList.add("selected");

    $("d-title").textContent = doc.document.title || `${ev.type} (${ev.publisher || "source"})`;
    const dl = $("d-fields");
    clear(dl);
    field(dl, "Type", ev.type, el("small", {}, ` ${ev.acled_event_type || ""} / ${ev.acled_sub_event_type || ""}`));
    field(dl, "Actor", ev.actor_name || "unknown");
    if (ev.target_name) field(dl, "Target", ev.target_name);
    const where = [ev.place_name || "no place", ev.admin1, ev.country].filter(Boolean).join(", ");
    const prec = ev.geo_precision ? ` · precision ${ev.geo_precision} (${PRECISION[ev.geo_precision] || "?"})` : "";
    const coords = typeof ev.lat === "number" ? ` · ${ev.lat.toFixed(3)}, ${ev.lon.toFixed(3)}` : "";
    field(dl, "Place", where + prec + coords);
    field(dl, "Time", `${when(ev)} · precision ${ev.time_precision || "unknown"}`);
    const claim = ev.claim;
    field(
      dl,
      "Claimed by",
      ev.claimed_by || "publisher",
      claim ? el("small", {}, ` (${claim.kind}${claim.cue ? `, “${claim.cue}”` : ""})`) : null,
    );
    field(dl, "Status", el("span", { className: `status st-${ev.status}` }, ev.status));
    field(dl, "Source", `${ev.publisher || "unknown"}${ev.published ? `, ${ev.published}` : ""}`);

    const link = $("d-link");
    clear(link);
    const href = safeHttpUrl(ev.url);
    if (href) {
      link.appendChild(el("a", { href, target: "_blank", rel: "noopener noreferrer" }, "Open the source article ↗"));
      link.appendChild(el("small", {}, ` ${href}`));
    } else if (ev.url) {
      link.appendChild(el("small", {}, `source (not a web link): ${ev.url}`));
    }

    $("d-evidence").textContent = ev.evidence_text;
    const related = $("d-related");
    clear(related);
    if (ev.corroborating.length) related.appendChild(relatedList("Corroborated by", ev.corroborating));
    if (ev.contradicting.length) related.appendChild(relatedList("Contradicted by", ev.contradicting));

    const mark = articleWithMark(doc.document.body, ev.evidence_start, ev.evidence_end, ev.evidence_text);
    $("list").hidden = true;
    $("detail").hidden = false;
    $("panel").scrollTop = 0;
    const article = $("d-article");
    // Scroll only the article box (positioned, so offsetTop is relative to it).
    if (mark) article.scrollTop = Math.max(0, mark.offsetTop - 40);
    $("detail").dataset.uid = uid;
    return ev;
  }

  // -- start -----------------------------------------------------------------------------

  async function start() {
    const t0 = performance.now();
    $("filters").addEventListener("submit", (e) => {
      e.preventDefault();
      reload(false);
    });
    $("f-reset").addEventListener("click", () => {
      $("filters").reset();
      reload(true);
    });
    $("detail-close").addEventListener("click", () => {
      $("detail").hidden = true;
      $("list").hidden = false;
    });
    setupBrush();
    const timings = (window.frontlog.timings = {});
    // Fetch the base layer in parallel but draw it after the events, so events show first.
    const boundaries = getJSON("/static/boundaries.geojson");
    const stats = await getJSON("/api/stats");
    fillSelect($("f-type"), stats.types);
    fillSelect($("f-status"), stats.statuses);
    drawLegend(stats);
    await reload(true);
    timings.events = performance.now() - t0;
    try {
      drawBoundaries(await boundaries);
    } catch (err) {
      console.error("boundaries", err);
    }
    timings.boundaries = performance.now() - t0;
    window.frontlog.loadMs = performance.now() - t0;
    document.body.dataset.ready = "1";
  }

  window.frontlog = { map, openEvent, reload, state };
  start().catch((err) => {
    $("count").textContent = `error: ${err.message}`;
    console.error(err);
  });
})();
