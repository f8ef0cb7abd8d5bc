// hookline inbox page: renders the requests the inbox received and follows new ones over
// server-sent events. Payloads are untrusted: everything goes through textContent, never HTML.
"use strict";
(() => {
  const requests = [];
  const seen = new Set();
  const $ = (id) => document.getElementById(id);
  const filters = { status: $("filter-status"), model: $("filter-model"), callback: $("filter-callback") };

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "class") node.className = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) {
      if (child === undefined || child === null) continue;
      node.append(typeof child === "string" || typeof child === "number" ? String(child) : child);
    }
    return node;
  }

  const show = (v) => (v === undefined || v === null ? "—" : String(v));
  const money = (v) => (typeof v === "number" ? `$${v.toFixed(6)}` : "—");

  function matches(request, event) {
    if (filters.callback.value && request.callback !== filters.callback.value) return false;
    if (filters.status.value && show(event.status) !== filters.status.value) return false;
    if (filters.model.value && show(event.model) !== filters.model.value) return false;
    return true;
  }

  function addOptions(select, values) {
    const have = new Set([...select.options].map((o) => o.value));
    for (const value of values) if (!have.has(value)) select.append(el("option", { value }, value));
  }

  function openPayload(event) {
    $("detail-body").textContent = JSON.stringify(event.payload, null, 2);
    $("detail").hidden = false;
  }

  function renderRequest(request) {
    const events = request.events.filter((e) => matches(request, e));
    const filtering = filters.status.value || filters.model.value || filters.callback.value;
    if (filtering && events.length === 0) return null;
    const headerRows = Object.entries(request.headers).map(([name, value]) => el("tr", {}, el("td", {}, name), el("td", {}, value)));
    const rows = events.map((event) => {
      const row = el(
        "tr",
        { "data-status": show(event.status) },
        el("td", {}, show(event.time)),
        el("td", {}, show(event.model)),
        el("td", { class: `status-${show(event.status)}` }, show(event.status)),
        el("td", {}, show(event.tokens)),
        el("td", {}, money(event.cost)),
        el("td", {}, event.latencyMs === undefined ? "—" : `${event.latencyMs} ms`),
        el("td", {}, show(event.callType)),
      );
      row.addEventListener("click", () => openPayload(event));
      return row;
    });
    return el(
      "article",
      { class: "request", "data-id": String(request.id) },
      el("h2", {}, `${request.method} ${request.path}`),
      el(
        "div",
        { class: "meta" },
        `#${request.id} · ${request.receivedAt} · callback ${request.callback} · ${request.size} bytes · ${request.contentEncoding || "not compressed"} · ${request.format} · ${request.events.length} event(s)`,
      ),
      request.error ? el("div", { class: "error" }, `could not read the body: ${request.error}`) : null,
      el("details", {}, el("summary", {}, "headers"), el("table", { class: "headers" }, el("tbody", {}, ...headerRows))),
      rows.length
        ? el(
            "table",
            { class: "events" },
            el("thead", {}, el("tr", {}, ...["time", "model", "status", "tokens", "cost", "latency", "call type"].map((h) => el("th", {}, h)))),
            el("tbody", {}, ...rows),
          )
        : null,
    );
  }

  function render() {
    const list = $("requests");
    list.replaceChildren(...requests.slice().reverse().map(renderRequest).filter(Boolean));
    const events = requests.flatMap((r) => r.events);
    $("count-requests").textContent = String(requests.length);
    $("count-events").textContent = String(events.length);
    $("count-success").textContent = String(events.filter((e) => e.status === "success").length);
    $("count-failure").textContent = String(events.filter((e) => e.status === "failure").length);
    $("count-bytes").textContent = String(requests.reduce((n, r) => n + r.size, 0));
    addOptions(filters.status, new Set(events.map((e) => show(e.status))));
    addOptions(filters.model, new Set(events.map((e) => show(e.model))));
    addOptions(filters.callback, new Set(requests.map((r) => r.callback)));
  }

  function add(request) {
    if (seen.has(request.id)) return;
    seen.add(request.id);
    requests.push(request);
    if (requests.length > 1000) requests.splice(0, requests.length - 1000);
  }

  for (const select of Object.values(filters)) select.addEventListener("change", render);
  $("detail-close").addEventListener("click", () => ($("detail").hidden = true));

  const source = new EventSource("/_inbox/events");
  source.addEventListener("open", () => {
    $("live").textContent = "live";
    $("live").classList.add("on");
    // Requests that arrived before (or while) we connected.
    fetch("/_inbox/api/requests")
      .then((r) => r.json())
      .then((list) => {
        list.forEach(add);
        requests.sort((a, b) => a.id - b.id);
        render();
      });
  });
  source.addEventListener("error", () => {
    $("live").textContent = "reconnecting…";
    $("live").classList.remove("on");
  });
  source.addEventListener("request", (message) => {
    add(JSON.parse(message.data));
    render();
  });
})();
