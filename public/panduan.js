// The guide follows the language chosen in the app (localStorage
// "netral.lang", a JSON string), and can switch it. "Back" returns to the
// report being written when the guide was opened from it.
(function () {
  const root = document.documentElement;
  const show = (lang) => { root.lang = lang === "en" ? "en" : "id"; };
  try { show(JSON.parse(localStorage.getItem("netral.lang") || '"id"')); } catch (_) { show("id"); }
  document.addEventListener("click", (ev) => {
    const button = ev.target.closest("[data-lang]");
    if (button) {
      show(button.dataset.lang);
      try { localStorage.setItem("netral.lang", JSON.stringify(root.lang)); } catch (_) {}
      return;
    }
    const back = ev.target.closest("[data-back]");
    if (back && history.length > 1 && document.referrer.startsWith(location.origin)) {
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
