// Narrow screens show each table row as a card (see app.css): every cell
// gets its column's heading as data-label, which the CSS shows above the
// value. Without JavaScript the cards simply have no labels.
(function () {
  "use strict";
  function label(table) {
    const heads = [];
    const headRow = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!headRow) return;
    for (const th of headRow.cells) {
      const text = th.textContent.trim().replace(/\s+/g, " ");
      for (let i = 0; i < (th.colSpan || 1); i++) heads.push(text);
    }
    for (const body of table.tBodies) {
      for (const row of body.rows) {
        let col = 0;
        for (const cell of row.cells) {
          const text = heads[col];
          if (text && !cell.hasAttribute("data-label") && cell.tagName === "TD") cell.setAttribute("data-label", text);
          col += cell.colSpan || 1;
        }
      }
    }
  }
  function all() { document.querySelectorAll("table.ds-table").forEach(label); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", all);
  else all();
})();
