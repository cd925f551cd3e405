// Any cell value (JSON, Parquet, Excel) as the text a person would read: digits of long integers kept, dates as ISO.

/**
 * The string form of one cell. Null and undefined are ''. Integers keep all their digits (no `1e+23`), bigints
 * print as their digits, dates print as `YYYY-MM-DD` (or the full ISO instant when they have a time of day),
 * nested objects and arrays as JSON text.
 */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return numberText(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      break;
  }
  if (value instanceof Date) return dateText(value);
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8');
  return JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? inner.toString() : inner));
}

/** A number without exponent notation for integers (String(1e21) would be "1e+21"). */
export function numberText(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) >= 1e21) return value.toLocaleString('en-US', { useGrouping: false });
  return String(value);
}

/** `YYYY-MM-DD` for a date at midnight UTC (how Excel and Parquet store plain dates), else the ISO instant. */
export function dateText(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}
