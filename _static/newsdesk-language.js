// A reader who follows a language link (the sidebar's, or the one above an article) has chosen that
// language: remembered for the root page's chooser (newsdesk/landing.py), which opens it next time.
document.addEventListener("click", (event) => {
  const link = event.target.closest?.("a[data-newsdesk-locale]");
  if (!link) return;
  try {
    localStorage.setItem("newsdesk-locale", link.dataset.newsdeskLocale);
  } catch {
    // storage refused (private mode, file://): the chooser follows the browser's language instead
  }
});
