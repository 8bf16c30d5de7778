/* newsdesk: the timeline's filters (newsdesk/timeline_pages.py). The page lists every entry in
   plain HTML; this script reveals the filter form and hides the cards (and years) that do not
   match. The choice is kept in the address (?company=openai&impact=high), so it can be shared. */
(function () {
  "use strict";
  function setup() {
    var form = document.querySelector("form.newsdesk-timeline-filters");
    if (!form) return;
    var none = document.querySelector(".newsdesk-timeline-none");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var prefix = { company: "newsdesk-company--", category: "newsdesk-category--", impact: "newsdesk-impact-" };
    var params = new URLSearchParams(window.location.search);
    selects.forEach(function (select) {
      var wanted = params.get(select.name);
      if (wanted && select.querySelector('option[value="' + CSS.escape(wanted) + '"]')) select.value = wanted;
      select.addEventListener("change", apply);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;

    function apply() {
      var wanted = selects.filter(function (s) { return s.value; }).map(function (s) { return prefix[s.name] + s.value; });
      var shown = 0;
      document.querySelectorAll(".newsdesk-timeline-year").forEach(function (year) {
        var inYear = 0;
        year.querySelectorAll(".newsdesk-timeline-card").forEach(function (card) {
          var match = wanted.every(function (cls) { return card.classList.contains(cls); });
          card.hidden = !match;
          if (match) inYear += 1;
        });
        year.hidden = inYear === 0;
        shown += inYear;
      });
      if (none) none.hidden = shown > 0;
      var query = new URLSearchParams();
      selects.forEach(function (s) { if (s.value) query.set(s.name, s.value); });
      var search = query.toString();
      window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
    }
    apply();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
