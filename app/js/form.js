// Browser glue for the finding form: moving the focus is DOM work, cheaper
// here than as WASM bindings.

// Focuses the control of the first field with an error, in the form's own
// order (the order of its problem messages), and returns its id ("" when
// none is shown, e.g. the field is hidden).
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
  if (!el.id) el.id = "f-missing-" + field.replaceAll(".", "-");
  return el.id;
}

// The text of a control's label as the page shows it now (in the language
// chosen), "" when there is no such control.
export function labelOf(id) {
  const el = id && document.getElementById(id);
  if (!el) return "";
  const label = document.querySelector(`label[for="${el.id}"]`) || el.closest("fieldset")?.querySelector("legend");
  return (label ? label.textContent : el.getAttribute("aria-label") || "").trim();
}
