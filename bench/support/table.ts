/** Plain-text tables and number formats for the benchmark report. */

/** Renders rows as a Markdown-style table with padded columns. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((width, i) => (i === 0 ? '-'.repeat(width + 2) : '-'.repeat(width + 1) + ':')).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** `1234.5` → `1234.5` with a fixed number of decimals; `undefined`/NaN → `n/a`. */
export function fixed(value: number | undefined, decimals = 1): string {
  return value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(decimals);
}

/** A ratio like `0.52×`. */
export function ratio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a';
}
