// The query page: examples, running a query, results as a table whose IRIs are links.
"use strict";
(function () {
  const config = JSON.parse(document.getElementById("config").dataset.config);
  const form = document.getElementById("query-form");
  const textarea = document.getElementById("query");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const format = document.getElementById("format");
  textarea.value = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 20";

  for (const button of document.querySelectorAll("button.example")) {
    button.addEventListener("click", () => {
      textarea.value = config.examples[button.dataset.name];
      form.requestSubmit();
    });
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const a = document.createElement("a");
      a.href = term.value.startsWith(config.base) ? "/" + term.value.slice(config.base.length) : term.value;
      a.textContent = term.value;
      td.appendChild(a);
    } else {
      td.textContent = term.value;
    }
    return td;
  }

  function table(data) {
    const t = document.createElement("table");
    t.id = "result-table";
    if (data.boolean !== undefined) {
      t.innerHTML = "<tbody><tr><td></td></tr></tbody>";
      t.querySelector("td").textContent = String(data.boolean);
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
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const query = config.prefixes + "\n" + textarea.value;
    const wanted = format.value;
    const accept = wanted === "csv" ? "text/csv" : "application/sparql-results+json, text/turtle;q=0.8";
    status.textContent = "running…";
    results.replaceChildren();
    const started = performance.now();
    try {
      const response = await fetch("/sparql", {
        method: "POST",
        headers: { "Content-Type": "application/sparql-query", "Accept": accept },
        body: query,
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
})();
