// HTML building blocks of the report: escaping (product titles contain markup), number formats and tables.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and attribute values. Every string that comes from data goes through this. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** 4640 -> "4,640". */
export function formatInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** 0.1234 -> "12.3 %". */
export function formatPercent(share: number, digits = 1): string {
  return `${(share * 100).toFixed(digits)} %`;
}

/** A number with `digits` decimals, or an em dash for null. */
export function formatNumber(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);
}

/** 2_345_678 -> "2.2 MiB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** Seconds as "850 ms", "12.3 s" or "4 min 05 s". */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${String(Math.round(seconds - minutes * 60)).padStart(2, '0')} s`;
}

/** Cells that read as a number (with a unit) are right-aligned. */
const NUMERIC = /^[-+]?[\d,.]+( %| s| ms| min \d+ s| B| KiB| MiB| GiB)?$|^—$/;

/** A cell: plain text is escaped; `{ html }` is inserted as is (already escaped by the caller). */
export type Cell = string | number | { html: string };

/** A table with a header row; numeric cells are right-aligned. */
export function table(headers: readonly string[], rows: readonly (readonly Cell[])[], className = ''): string {
  const cell = (value: Cell, tag: 'td' | 'th') => {
    if (typeof value === 'number' || (tag === 'td' && NUMERIC.test(value as string))) return `<${tag} class="num">${escapeHtml(String(value))}</${tag}>`;
    if (typeof value === 'string') return `<${tag}>${escapeHtml(value)}</${tag}>`;
    return `<${tag}>${value.html}</${tag}>`;
  };
  const head = `<tr>${headers.map((h) => cell(h, 'th')).join('')}</tr>`;
  const body = rows.map((row) => `<tr>${row.map((v) => cell(v, 'td')).join('')}</tr>`).join('\n');
  return `<table${className ? ` class="${className}"` : ''}><thead>${head}</thead><tbody>\n${body}\n</tbody></table>`;
}

/** Key figures shown as a row of boxes. */
export function figures(items: readonly { label: string; value: string }[]): string {
  return `<div class="figures">${items.map((f) => `<div class="figure"><div class="value">${escapeHtml(f.value)}</div><div class="label">${escapeHtml(f.label)}</div></div>`).join('')}</div>`;
}
