// The guide follows the language chosen in the app (localStorage
// "netral.lang", a JSON string), and can switch it. "Back" returns to the
// report being written when the guide was opened from it (`?dari=`).
(function () {
  const root = document.documentElement;
  const show = (lang) => { root.lang = lang === "en" ? "en" : "id"; };
  try { show(JSON.parse(localStorage.getItem("netral.lang") || '"id"')); } catch (_) { show("id"); }
  // `?dari=/laporan/…`: the app's own path the guide was opened from (never
  // another site's: only a path of this origin is taken).
  const asked = new URLSearchParams(location.search).get("dari");
  const from = asked && /^\/(?![\/\\])/.test(asked) ? asked : null;
  if (from) for (const a of document.querySelectorAll("[data-back]")) a.setAttribute("href", from);
  document.addEventListener("click", (ev) => {
    const button = ev.target.closest("[data-lang]");
    if (button) {
      show(button.dataset.lang);
      try { localStorage.setItem("netral.lang", JSON.stringify(root.lang)); } catch (_) {}
      return;
    }
    // Opened from the form, the previous history entry is the draft:
    // going back keeps its place, with or without signal.
    const back = ev.target.closest("[data-back]");
    if (back && from && history.length > 1) {
      ev.preventDefault();
      history.back();
    }
  });

  // An English reader follows #medsos_foto to its English section.
  if (root.lang === "en" && location.hash && !location.hash.startsWith("#en-")) {
    const en = document.getElementById("en-" + location.hash.slice(1));
    if (en) en.scrollIntoView();
  }
})();
