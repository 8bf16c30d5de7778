// The search page: Pagefind's UI in the page's language, reading ?q= (furo's search box),
// newest first. Says plainly when the index is missing or the page is opened from file://.
window.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("newsdesk-search");
  if (!box) return;
  const say = (text) => {
    const note = document.createElement("p");
    note.className = "newsdesk-search-unavailable";
    note.setAttribute("role", "status");
    note.textContent = text;
    box.replaceChildren(note);
  };
  if (location.protocol === "file:") return say(box.dataset.file);
  if (typeof PagefindUI === "undefined") return say(box.dataset.unavailable);
  const ui = new PagefindUI({
    element: "#newsdesk-search",
    bundlePath: new URL(box.dataset.bundle, location.href).pathname, // Pagefind imports from it: absolute
    showSubResults: false,
    showImages: false,
    resetStyles: false,
    sort: { date: "desc" },
  });
  // The page's <label> names the input (axe: a title alone is no label).
  const input = box.querySelector("input");
  if (input) input.id = "newsdesk-search-input";
  const query = new URLSearchParams(location.search).get("q");
  if (query) ui.triggerSearch(query);
});
