// Downloads the photo URLs of a catalog once, into a cache, for the models that read photos.

import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { dirname } from 'node:path';
import type { Catalog } from './catalog.js';
import { cachedImagePath, catalogImageIndex, DEFAULT_IMAGE_CACHE } from './catalog-images.js';

export interface FetchImagesOptions {
  /** Where photos are kept, one file per URL (default var/cache/images). */
  cacheDir?: string;
  /** Per photo, connection and transfer together (default 10 s). */
  timeoutMs?: number;
  /** A larger photo is refused (default 10 MB). */
  maxBytes?: number;
  /** Fetch from loopback and private addresses too (default false: a catalog must not make the server probe its own network). */
  allowPrivate?: boolean;
  /** Downloads at a time (default 8). */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface FetchImagesReport {
  fetched: number;
  /** Already in the cache: not fetched again. */
  cached: number;
  /** What could not be had, and why; the products are classified from their text. */
  failed: Array<{ url: string; reason: string }>;
}

const REDIRECTS = 3;

/** Loopback, private, link-local, carrier-grade NAT and unspecified ranges, in IPv4 and IPv6. */
const PRIVATE = new BlockList();
for (const [net, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16]] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10]] as const) PRIVATE.addSubnet(net, prefix, 'ipv6');

/** True for an address a catalog's photo URL must not reach unless allowed. */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return PRIVATE.check(mapped[1], 'ipv4');
  const family = isIP(address);
  return family === 0 ? true : PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Fetches every URL not yet in the cache: http(s) only, redirects followed (3 at most) and checked like the first
 * address, the body cut off past `maxBytes`, written beside its cache file and renamed into place (an interrupted run
 * leaves no half photo). Failures are reported, never thrown: a product without its photo is classified from its text.
 */
export async function fetchRemoteImages(urls: readonly string[], options: FetchImagesOptions = {}): Promise<FetchImagesReport> {
  const cacheDir = options.cacheDir ?? DEFAULT_IMAGE_CACHE;
  const report: FetchImagesReport = { fetched: 0, cached: 0, failed: [] };
  const list = [...new Set(urls)];
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < list.length) {
      const url = list[next++];
      const target = cachedImagePath(cacheDir, url);
      if ((await stat(target).catch(() => null))?.isFile()) report.cached++;
      else {
        try {
          const bytes = await download(url, options);
          await mkdir(dirname(target), { recursive: true });
          // Unique per call: two fetches of one URL at once (a worker's concurrent chunks) must not share a partial file.
          const partial = `${target}.${process.pid}.${randomUUID()}.part`;
          await writeFile(partial, bytes);
          await rename(partial, target).catch(async (error: unknown) => {
            await rm(partial, { force: true });
            throw error;
          });
          report.fetched++;
        } catch (error) {
          report.failed.push({ url, reason: (error as Error).message });
        }
      }
      options.onProgress?.(++done, list.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 8, list.length)) }, worker));
  return report;
}

async function download(first: string, options: FetchImagesOptions): Promise<Buffer> {
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  const signal = AbortSignal.timeout(options.timeoutMs ?? 10_000);
  let url = first;
  for (let hop = 0; hop <= REDIRECTS; hop++) {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`only http(s) photos are fetched, not ${parsed.protocol}`);
    if (!options.allowPrivate) {
      const host = parsed.hostname.replace(/^\[|\]$/g, '');
      const addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
      const refused = addresses.find(isPrivateAddress);
      if (refused !== undefined) throw new Error(`${parsed.hostname} is a private or loopback address (${refused}); such photos are not fetched`);
    }
    const response = await fetch(url, { signal, redirect: 'manual' });
    if (response.status >= 300 && response.status < 400 && response.headers.get('location')) {
      url = new URL(response.headers.get('location')!, url).href;
      continue;
    }
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const type = response.headers.get('content-type');
    if (type && !/^image\//i.test(type)) throw new Error(`not an image (content-type ${type})`);
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > maxBytes) throw new Error(`larger than ${maxBytes} bytes (${declared})`);
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body ?? []) {
      size += chunk.byteLength;
      if (size > maxBytes) throw new Error(`larger than ${maxBytes} bytes`);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }
  throw new Error(`more than ${REDIRECTS} redirects`);
}

/**
 * The catalog with its photo URLs fetched (those not cached yet) and its image index rebuilt, for the models that read
 * photos; a catalog without URLs comes back as it is.
 */
export async function fetchCatalogPhotos(catalog: Catalog, options: FetchImagesOptions = {}): Promise<{ catalog: Catalog; report: FetchImagesReport | null }> {
  const urls = catalog.images.urls ?? [];
  if (urls.length === 0) return { catalog, report: null };
  const report = await fetchRemoteImages(urls, options);
  const images = await catalogImageIndex(catalog.images.root, catalog.train.products, catalog.unlabelled, options.cacheDir);
  const warnings = catalog.warnings.filter((w) => !catalog.images.warnings.includes(w));
  if (report.failed.length > 0) warnings.push(`${report.failed.length} of ${urls.length} photo URLs could not be fetched (first: ${report.failed[0].url}: ${report.failed[0].reason})`);
  return { catalog: { ...catalog, images, warnings: [...warnings, ...images.warnings] }, report };
}
