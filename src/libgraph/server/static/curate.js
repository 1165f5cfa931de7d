// Corrections on entity and review pages: each form is posted with the update token typed once into
// the page's token box (kept for the browser tab in sessionStorage), and the page says when the
// rebuild that applies the corrections has finished.
(function () {
  "use strict";
  const box = document.getElementById("curation-token");
  const state = document.getElementById("curation-state");
  if (!box) return;
  const KEY = "libgraph-update-token";
  box.value = sessionStorage.getItem(KEY) || "";
  box.addEventListener("change", () => sessionStorage.setItem(KEY, box.value));
  document.querySelectorAll("form.curate").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!box.value) {
        event.preventDefault();
        state.textContent = "Type the update token first.";
        box.focus();
        return;
      }
      sessionStorage.setItem(KEY, box.value);
      form.querySelector("input.curation-token").value = box.value;
    });
  });

  async function watch() {
    try {
      const answer = await fetch("/curation", { headers: { Accept: "application/json" } });
      const info = await answer.json();
      if (info.running || info.queued) {
        state.textContent = "Rebuilding with your corrections…";
        setTimeout(watch, 1000);
      } else if (info.last && info.last.returncode !== 0 && info.last.returncode !== null) {
        state.textContent = "The rebuild failed: " + info.last.output.split("\n").filter(Boolean).slice(-1)[0];
      } else if (new URLSearchParams(location.search).has("curated")) {
        state.textContent = "Rebuilt: the page shows your corrections.";
        if (!sessionStorage.getItem("libgraph-reloaded")) {
          sessionStorage.setItem("libgraph-reloaded", "1");
          setTimeout(() => location.reload(), 1500);  // the server switches to the new build within a second
        } else {
          sessionStorage.removeItem("libgraph-reloaded");
        }
      }
    } catch (error) {
      state.textContent = "Cannot ask the server how the rebuild goes: " + error;
    }
  }
  watch();
})();
