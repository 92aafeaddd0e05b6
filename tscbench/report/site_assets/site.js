// tscbench leaderboard site: sortable tables and row filters, no libraries, no network.
"use strict";

function sortKey(cell) {
  if (!cell) return null;
  if (cell.dataset.value !== undefined) return Number(cell.dataset.value);
  const text = cell.textContent.trim();
  return text === "-" || text === "" ? null : text.toLowerCase();
}

function compare(a, b) {
  if (a === null) return b === null ? 0 : 1;  // missing values last, whichever the direction
  if (b === null) return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

function sortTable(table, column, header) {
  const ascending = header.getAttribute("aria-sort") !== "ascending";
  table.querySelectorAll("thead th").forEach((th) => th.removeAttribute("aria-sort"));
  header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  const body = table.tBodies[0];
  const rows = Array.from(body.rows).map((row, index) => ({ row, index }));
  rows.sort((x, y) => {
    const a = sortKey(x.row.cells[column]);
    const b = sortKey(y.row.cells[column]);
    if (a === null || b === null) return compare(a, b) || x.index - y.index;
    return (ascending ? compare(a, b) : compare(b, a)) || x.index - y.index;
  });
  rows.forEach(({ row }) => body.appendChild(row));
}

function applyFilters(controls) {
  const table = document.getElementById(controls.dataset.table);
  const search = controls.querySelector("input[type=search]");
  const text = search ? search.value.trim().toLowerCase() : "";
  const choices = Array.from(controls.querySelectorAll("select[data-column]"));
  let shown = 0;
  const rows = Array.from(table.tBodies[0].rows);
  rows.forEach((row) => {
    const keep = (!text || row.textContent.toLowerCase().includes(text)) &&
      choices.every((s) => !s.value || row.cells[Number(s.dataset.column)].textContent.trim() === s.value);
    row.hidden = !keep;
    if (keep) shown += 1;
  });
  controls.querySelector("output").textContent = `${shown} of ${rows.length} rows`;
}

document.querySelectorAll("table.sortable").forEach((table) => {
  table.querySelectorAll("thead th").forEach((th, column) => {
    const button = th.querySelector("button");
    if (button) button.addEventListener("click", () => sortTable(table, column, th));
  });
});

document.querySelectorAll(".controls").forEach((controls) => {
  controls.querySelectorAll("input, select").forEach((input) =>
    input.addEventListener("input", () => applyFilters(controls)));
  const params = new URLSearchParams(window.location.search);
  controls.querySelectorAll("select[data-column]").forEach((select) => {
    const wanted = params.get(select.closest("label").textContent.split(" ")[0]);
    if (wanted && Array.from(select.options).some((o) => o.value === wanted)) select.value = wanted;
  });
  applyFilters(controls);
});
