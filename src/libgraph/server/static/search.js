// The search box on every page: suggestions from /search as you type; Enter or a click opens one.
(function () {
  "use strict";
  const form = document.getElementById("search");
  const box = document.getElementById("search-box");
  const list = document.getElementById("search-results");
  if (!form || !box || !list) return;
  let results = [];
  let active = -1;
  let pending = 0;

  function show() {
    list.replaceChildren();
    results.forEach((r, i) => {
      const item = document.createElement("li");
      item.setAttribute("role", "option");
      item.className = i === active ? "active" : "";
      const link = document.createElement("a");
      link.href = r.page;
      link.textContent = r.label;
      const kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = r.name !== r.label ? `${r.type} · “${r.name}”` : r.type;
      item.append(link, " ", kind);
      list.append(item);
    });
    list.hidden = results.length === 0;
  }

  async function suggest() {
    const q = box.value.trim();
    const ticket = ++pending;
    if (!q) { results = []; show(); return; }
    try {
      const response = await fetch(`/search?q=${encodeURIComponent(q)}&limit=10`, {headers: {Accept: "application/json"}});
      if (!response.ok) throw new Error(await response.text());
      const data = await response.json();
      if (ticket !== pending) return;  // a newer keystroke has asked already
      results = data.results;
      active = results.length ? 0 : -1;
      show();
    } catch (error) {
      results = [];
      list.replaceChildren(Object.assign(document.createElement("li"), {className: "error", textContent: String(error.message || error)}));
      list.hidden = false;
    }
  }

  box.addEventListener("input", suggest);
  box.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!results.length) return;
      active = (active + (event.key === "ArrowDown" ? 1 : results.length - 1)) % results.length;
      show();
      event.preventDefault();
    } else if (event.key === "Escape") {
      results = []; show();
    }
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (active >= 0 && results[active]) window.location.href = results[active].page;
  });
})();
