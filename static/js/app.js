// Small progressive enhancements (no inline scripts: CSP forbids them).
document.addEventListener("DOMContentLoaded", () => {
  // Confirm dangerous actions: <button data-confirm="...">.
  document.querySelectorAll("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (event) => {
      if (!window.confirm(el.dataset.confirm)) event.preventDefault();
    });
  });
  // Auto-submit filter selects: <select data-autosubmit>.
  document.querySelectorAll("select[data-autosubmit]").forEach((el) => {
    el.addEventListener("change", () => el.form && el.form.submit());
  });
  markScrollableTables(document);
  focusErrorSummary();
});

// A table or chart container that scrolls sideways must be reachable by keyboard and named (WCAG 2.1.1).
function markScrollableTables(root) {
  root.querySelectorAll(".table-responsive, .chart").forEach((box) => {
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    if (scrolls && !box.hasAttribute("tabindex")) {
      const caption = box.querySelector("caption, svg title");
      const section = box.closest("section, .card, main");
      const heading = section && section.querySelector("h1, h2, h3");
      const name = (caption && caption.textContent.trim()) || (heading && heading.textContent.trim()) || "Tabel";
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", `${name} (geser untuk melihat semua kolom)`);
      box.dataset.scrollMarked = "1";
    } else if (!scrolls && box.dataset.scrollMarked) {
      ["tabindex", "role", "aria-label"].forEach((name) => box.removeAttribute(name));
      delete box.dataset.scrollMarked;
    }
  });
}
let resizeTimer = null;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => markScrollableTables(document), 150);
});
document.addEventListener("htmx:afterSettle", (event) => markScrollableTables(event.target));

// After a failed POST, move focus to the error summary so that it is read out first (WCAG 3.3.1).
function focusErrorSummary() {
  const summary = document.querySelector(
    "main form .alert-danger[role=alert], main form .alert-warning[role=alert], main .messages .alert-danger",
  );
  const target = summary || document.querySelector("main form [aria-invalid=true]");
  if (!target) return;
  if (target === summary) target.setAttribute("tabindex", "-1");
  target.focus();
}
