// What a French or Spanish reader meets on a page: English words outside an element marked
// lang="en", and words broken across lines inside a table cell. Run by tests/e2e/test_languages.py.
() => {
  // English words a French or Spanish text does not contain (those the languages share are left out).
  const ENGLISH = ["the", "of", "and", "with", "for", "from", "this", "that", "to", "is", "are",
    "was", "by", "at", "council", "committee", "meeting", "meetings", "geneva", "resolution",
    "resolutions", "members", "observers", "subscribe", "calendar", "upcoming", "decision",
    "decisions", "mr.", "ms.", "mrs.", "h.e.", "chair", "chairperson", "report", "paragraph",
    "footnote", "special", "regular", "workshop", "consultation", "executive", "standing",
    "finance", "kind", "status", "not", "stated", "about", "page", "year", "years", "month",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
    "morning", "afternoon", "election", "adoption", "item", "items", "officers", "title",
    "number", "download", "all", "your", "add", "feed", "feeds", "search", "home", "next",
    "previous", "none", "yes", "observer", "member", "states", "state", "organization",
    "organizations", "sessions", "programmes", "dates", "date", "bureau", "rapporteur",
    "document", "documents", "agenda", "regional", "general", "director", "informal", "no"];
  const SHARED = {
    fr: ["sessions", "programmes", "dates", "date", "bureau", "rapporteur", "document",
      "documents", "agenda", "page"],
    es: ["regional", "general", "director", "agenda", "informal", "no", "may"],
  };
  // Product names, the same in every language.
  const NAMES = /Google Calendar|Apple Calendar/g;
  const pageLang = document.documentElement.lang;
  const english = new Set(ENGLISH.filter((w) => !(SHARED[pageLang] || []).includes(w)));
  const found = { english: [], broken: [] };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest("script, style, [hidden]")) continue;
    const marked = el.closest("[lang]");
    const text = node.textContent;
    if (!(marked && marked.getAttribute("lang").startsWith("en"))) {
      const word = text.replace(NAMES, "").toLowerCase().split(/[\s,;:()«»"'“”[\]]+/).find((w) => english.has(w));
      if (word) found.english.push(`"${word}" in <${el.tagName.toLowerCase()}>: ${text.trim().slice(0, 100)}`);
    }
    // A visually hidden label is clipped to a pixel, so its words wrap by design.
    if (el.closest("td, th") && !el.closest(".visually-hidden")) {
      // A break after a hyphen ("Quatre-vingt-|seizième") is typography, not a broken word.
      for (const m of text.matchAll(/[^\s\-‐]+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (lines.size > 1) found.broken.push(`"${m[0]}" in <${el.tagName.toLowerCase()}>`);
      }
    }
  }
  return found;
}
