// Writing CSV the way the challenge files are written (RFC 4180 quoting), without a dependency.

/** One field: quoted when it holds a comma, a double quote, CR or LF, with inner quotes doubled. */
export function formatCsvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record terminated by LF (as pandas writes the challenge files). */
export function formatCsvRow(fields: readonly (string | number)[]): string {
  return fields.map(formatCsvField).join(',') + '\n';
}
