// Browser glue for the finding form: moving the focus is DOM work, cheaper
// here than as WASM bindings.

// Focuses the control of the first field with an error, in the form's own
// order (the order of its problem messages), and returns its label's text
// ("" when none is shown, e.g. the field is hidden).
export function focusFirstProblem() {
  const problem = document.querySelector("form.report .problem[data-field]:not(.warn)");
  if (!problem) return "";
  const field = problem.dataset.field;
  let el = document.getElementById("f-" + field.replaceAll(".", "-")) || document.querySelector(`form.report [name="${field}"]`);
  if (el && !el.matches("input, select, textarea")) el = el.querySelector("input, select, textarea") || el;
  if (!el) return "";
  // A folded field ("Lengkapi") cannot take the focus until opened.
  const folded = el.closest("details");
  if (folded) folded.open = true;
  el.focus();
  el.scrollIntoView({ block: "center" });
  const label = (el.id && document.querySelector(`label[for="${el.id}"]`)) || el.closest("fieldset")?.querySelector("legend");
  return (label ? label.textContent : el.getAttribute("aria-label") || "").trim();
}
