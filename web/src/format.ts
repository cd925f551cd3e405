// Sizes and durations in words the page shows (numbers themselves go through the language's formats in i18n).

/** "28.6 MB": decimal units, as disks and downloads count. */
export function formatBytes(bytes: number, number: (v: number, digits?: number) => string): string {
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${number(value, unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/** "0.8 s", "23 s", "4 min 5 s". */
export function formatSeconds(seconds: number, number: (v: number, digits?: number) => string): string {
  if (seconds < 10) return `${number(seconds, 1)} s`;
  if (seconds < 120) return `${number(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}
