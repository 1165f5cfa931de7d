// The query page. With the front-end packages installed (make install): YASGUI (SPARQL editor with
// highlighting, results table) and a Cytoscape cooperation network; without them, a plain editor.
"use strict";
(function () {
  const config = JSON.parse(document.getElementById("config").dataset.config);
  const base = config.base;
  const local = (iri) => (iri.startsWith(base) ? "/" + iri.slice(base.length) : iri);
  const start = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 20";
  let runExample;

  // IRIs of this graph resolve on this server, wherever a table shows them
  const localise = (root) => {
    for (const a of root.querySelectorAll("a[href]")) {
      if (a.href.startsWith(base)) a.href = local(a.href);
    }
  };
  new MutationObserver(() => localise(document)).observe(document.body, { childList: true, subtree: true });

  if (window.Yasgui) {
    const yasgui = new window.Yasgui(document.getElementById("yasgui"), {
      // YASGUI needs an absolute endpoint URL (a relative one fails before the request is sent)
      requestConfig: { endpoint: new URL("/sparql", window.location.href).href, method: "POST" },
      copyEndpointOnNewTab: false,
      persistenceId: null,
      yasqe: { value: config.prefixes + "\n" + start },
    });
    runExample = (query) => {
      const yasqe = yasgui.getTab().getYasqe();
      yasqe.setValue(config.prefixes + "\n" + query);
      yasqe.query();
    };
  } else {
    const form = document.getElementById("query-form");
    const textarea = document.getElementById("query");
    const status = document.getElementById("status");
    const results = document.getElementById("results");
    const format = document.getElementById("format");
    textarea.value = start;
    const cell = (term) => {
      const td = document.createElement("td");
      if (!term) return td;
      if (term.type === "uri") {
        const link = document.createElement("a");
        link.href = local(term.value);
        link.textContent = term.value;
        td.appendChild(link);
      } else {
        td.textContent = term.value;
      }
      return td;
    };
    const table = (data) => {
      const t = document.createElement("table");
      t.id = "result-table";
      if (data.boolean !== undefined) {
        const td = t.createTBody().insertRow().insertCell();
        td.textContent = String(data.boolean);
        return t;
      }
      const head = t.createTHead().insertRow();
      for (const v of data.head.vars) {
        const th = document.createElement("th");
        th.textContent = v;
        head.appendChild(th);
      }
      const body = t.createTBody();
      for (const b of data.results.bindings) {
        const row = body.insertRow();
        for (const v of data.head.vars) row.appendChild(cell(b[v]));
      }
      return t;
    };
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const wanted = format.value;
      const accept = wanted === "csv" ? "text/csv" : "application/sparql-results+json, text/turtle;q=0.8";
      status.textContent = "running…";
      results.replaceChildren();
      const started = performance.now();
      try {
        const response = await fetch("/sparql", {
          method: "POST",
          headers: { "Content-Type": "application/sparql-query", Accept: accept },
          body: config.prefixes + "\n" + textarea.value,
        });
        const text = await response.text();
        const seconds = ((performance.now() - started) / 1000).toFixed(2);
        if (!response.ok) {
          const pre = document.createElement("pre");
          pre.className = "error";
          pre.textContent = response.status + " " + text;
          results.appendChild(pre);
          status.textContent = "error";
          return;
        }
        const type = response.headers.get("Content-Type") || "";
        if (type.includes("sparql-results+json") && wanted === "table") {
          const data = JSON.parse(text);
          results.appendChild(table(data));
          const n = data.results ? data.results.bindings.length : 1;
          const cut = response.headers.get("X-Libgraph-Truncated");
          status.textContent = n + " result" + (n === 1 ? "" : "s") + " in " + seconds + " s" +
            (cut ? " (cut at " + cut + ")" : "");
        } else {
          const pre = document.createElement("pre");
          pre.textContent = text;
          results.appendChild(pre);
          status.textContent = "done in " + seconds + " s";
        }
      } catch (err) {
        status.textContent = "failed: " + err;
      }
    });
    runExample = (query) => {
      textarea.value = query;
      form.requestSubmit();
    };
  }

  // run a query from the console or a test: libgraph.run("SELECT …")
  window.libgraph = { run: (query) => runExample(query) };

  for (const button of document.querySelectorAll("button.example")) {
    button.addEventListener("click", () => runExample(config.examples[button.dataset.name]));
  }

  // the cooperation network: institutions and countries, agreements and visits
  const NETWORK = `SELECT ?a ?al ?at ?p ?b ?bl ?bt WHERE {
  { ?a ?p ?b . FILTER (?p IN (lg:signedAgreementWith, lg:visited, lg:metWith, lg:donatedTo, lg:memberOf))
    FILTER (?p NOT IN (lg:signedAgreementWith, lg:metWith) || STR(?a) <= STR(?b)) }
  UNION { ?a lg:locatedIn ?b . ?b a lg:Country . ?a lg:signedAgreementWith|^lg:signedAgreementWith|lg:visited|^lg:visited ?x .
          BIND (lg:locatedIn AS ?p) }
  ?a rdfs:label ?al ; a ?at . ?b rdfs:label ?bl ; a ?bt .
}`;
  // what the filters read: each institution's countries, each relation's earliest stated year
  const NETWORK_COUNTRIES = `SELECT DISTINCT ?e ?cl WHERE { ?e lg:locatedIn ?c . ?c a lg:Country ; rdfs:label ?cl }`;
  const NETWORK_YEARS = `SELECT ?a ?p ?b (MIN(SUBSTR(STR(?d), 1, 4)) AS ?y) WHERE {
  ?st rdf:subject ?a ; rdf:predicate ?p ; rdf:object ?b ; lg:eventDate ?d } GROUP BY ?a ?p ?b`;
  async function select(query) {
    const response = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json" },
      body: config.prefixes + "\n" + query,
    });
    if (!response.ok) throw new Error(response.status + " " + (await response.text()));
    return (await response.json()).results.bindings;
  }
  function choice(id, label, values) {
    const wrap = document.createElement("label");
    wrap.className = "network-filter";
    const menu = document.createElement("select");
    menu.id = id;
    menu.append(new Option("all", ""));
    for (const v of values) menu.append(new Option(v, v));
    wrap.append(label + " ", menu);
    return [wrap, menu];
  }
  document.getElementById("network-button").addEventListener("click", async () => {
    const box = document.getElementById("network");
    box.hidden = false;
    if (!window.cytoscape) {
      box.textContent = "The network view needs the front-end packages (make install).";
      return;
    }
    const response = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json" },
      body: config.prefixes + "\n" + NETWORK,
    });
    if (!response.ok) {
      box.textContent = "The network query failed: " + response.status + " " + (await response.text());
      box.classList.add("error");
      return;
    }
    const data = await response.json();
    const nodes = new Map();
    const edges = [];
    const kind = (t) => t.value.split("#").pop();
    for (const b of data.results.bindings) {
      nodes.set(b.a.value, { data: { id: b.a.value, label: b.al.value, kind: kind(b.at) } });
      nodes.set(b.b.value, { data: { id: b.b.value, label: b.bl.value, kind: kind(b.bt) } });
      edges.push({ data: { id: "e" + edges.length, source: b.a.value, target: b.b.value, kind: kind(b.p) } });
    }
    let countryRows = [], yearRows = [];
    try {
      [countryRows, yearRows] = await Promise.all([select(NETWORK_COUNTRIES), select(NETWORK_YEARS)]);
    } catch (error) {
      box.textContent = "The network's filters could not be read: " + error.message;
      box.classList.add("error");
      return;
    }
    const countriesOf = new Map();
    for (const r of countryRows) {
      if (!countriesOf.has(r.e.value)) countriesOf.set(r.e.value, new Set());
      countriesOf.get(r.e.value).add(r.cl.value);
    }
    for (const node of nodes.values()) {
      const own = countriesOf.get(node.data.id) || new Set();
      if (node.data.kind === "Country") own.add(node.data.label);
      node.data.countries = [...own];
    }
    const yearOf = new Map(yearRows.map((r) => [r.a.value + " " + kind(r.p) + " " + r.b.value, r.y.value]));
    for (const edge of edges) {
      const d = edge.data;
      const year = yearOf.get(d.source + " " + d.kind + " " + d.target) || yearOf.get(d.target + " " + d.kind + " " + d.source);
      if (year) d.year = year;
    }
    const colours = { Library: "#2b6cb0", Organization: "#6b46c1", Person: "#c05621", Country: "#2f855a", City: "#718096" };
    const edgeColours = { signedAgreementWith: "#2b6cb0", visited: "#a0aec0", metWith: "#c05621",
      donatedTo: "#2f855a", memberOf: "#6b46c1", locatedIn: "#cbd5e0" };
    const kinds = [...new Set(edges.map((e) => e.data.kind))].sort();
    // the legend: node kinds, and a checkbox per relation that shows or hides its edges
    const legend = document.getElementById("network-legend") || document.createElement("div");
    legend.id = "network-legend";
    legend.replaceChildren();
    for (const [kind, colour] of Object.entries(colours)) {
      const item = document.createElement("span");
      item.className = "legend-node";
      item.dataset.kind = kind;
      item.style.borderColor = colour;
      item.textContent = kind;
      legend.append(item);
    }
    box.before(legend);
    let graph;
    // filters: the relation checkboxes below, a country (either end of an edge is in it), a span of years
    // (an edge with no stated year shows only while no year is chosen)
    const allCountries = [...new Set([...nodes.values()].flatMap((n) => n.data.countries))].sort();
    const allYears = [...new Set(edges.map((e) => e.data.year).filter(Boolean))].sort();
    const [countryLabel, countryMenu] = choice("network-country", "country", allCountries);
    const [fromLabel, fromMenu] = choice("network-from", "from", allYears);
    const [toLabel, toMenu] = choice("network-to", "to", allYears);
    legend.append(countryLabel, fromLabel, toLabel);
    const shown = new Set(kinds);
    function apply() {
      const country = countryMenu.value, from = fromMenu.value, to = toMenu.value;
      graph.batch(() => {
        graph.edges().forEach((e) => {
          const inCountry = !country || [e.source(), e.target()].some((n) => n.data("countries").includes(country));
          const year = e.data("year");
          const inYears = (!from && !to) || (year && (!from || year >= from) && (!to || year <= to));
          e.style("display", shown.has(e.data("kind")) && inCountry && inYears ? "element" : "none");
        });
        graph.nodes().forEach((n) => {
          const visible = n.connectedEdges().some((e) => e.style("display") !== "none");
          n.style("display", visible || (!country && !from && !to) ? "element" : "none");
        });
      });
      box.dataset.edges = String(graph.edges().filter((e) => e.style("display") !== "none").length);
      box.dataset.nodesShown = String(graph.nodes().filter((n) => n.style("display") !== "none").length);
    }
    for (const menu of [countryMenu, fromMenu, toMenu]) menu.addEventListener("change", apply);
    for (const kind of kinds) {
      const label = document.createElement("label");
      label.className = "legend-edge";
      label.style.borderColor = edgeColours[kind] || "#999";
      const check = document.createElement("input");
      check.type = "checkbox";
      check.checked = true;
      check.dataset.relation = kind;
      check.addEventListener("change", () => {
        if (check.checked) shown.add(kind); else shown.delete(kind);
        apply();
      });
      label.append(check, " " + kind);
      legend.append(label);
    }
    graph = window.cytoscape({
      container: box,
      elements: [...nodes.values(), ...edges],
      layout: { name: "cose", animate: false },
      style: [
        { selector: "node", style: { label: "data(label)", "font-size": 8, width: 14, height: 14,
          "background-color": (n) => colours[n.data("kind")] || "#999" } },
        { selector: "edge", style: { width: 1, "curve-style": "bezier", "line-color": "#a0aec0",
          "target-arrow-shape": "triangle", "target-arrow-color": "#a0aec0" } },
        ...Object.entries(edgeColours).map(([kind, colour]) => ({ selector: `edge[kind = '${kind}']`,
          style: { "line-color": colour, "target-arrow-color": colour } })),
        { selector: "edge[kind = 'signedAgreementWith'], edge[kind = 'metWith']", style: { "target-arrow-shape": "none" } },
        { selector: "edge[kind = 'locatedIn']", style: { "line-style": "dashed" } },
      ],
    });
    graph.on("tap", "node", (e) => { window.location.href = local(e.target.id()); });
    box.dataset.nodes = String(nodes.size);
    box.dataset.edges = String(edges.length);
  });
})();
