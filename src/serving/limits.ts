// Size limits of what the HTTP API accepts: bodies, images, batch uploads and what a zip may unpack to.

export interface Limits {
  /** Largest JSON body, in bytes. */
  jsonBody: number;
  /** Largest image, uploaded alone or inside a zip, in bytes. */
  image: number;
  /** Largest batch CSV, in bytes. */
  csv: number;
  /** Largest images zip, in bytes. */
  zip: number;
  /** Most entries in an images zip. */
  zipEntries: number;
  /** Most bytes an images zip (or a batch's loose images) may unpack to. */
  zipTotalBytes: number;
  /** Largest ratio of a zip entry's unpacked to packed size (photos barely compress; more is padding or a bomb). */
  zipRatio: number;
  /** Most loose image files in one batch upload. */
  batchImages: number;
  /** Longest title and description, in characters. */
  designation: number;
  description: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  jsonBody: 1024 * 1024,
  image: 10 * 1024 * 1024,
  csv: 1024 * 1024 * 1024,
  zip: 4 * 1024 * 1024 * 1024,
  zipEntries: 500_000,
  zipTotalBytes: 2 * 1024 * 1024 * 1024,
  zipRatio: 100,
  batchImages: 10_000,
  designation: 2_000,
  description: 100_000,
});

/** Human-readable size for messages: 10 MB, 1.5 GB. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}
