import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachedImagePath } from '../../src/data/catalog-images.js';
import { loadCatalogFile } from '../../src/data/catalog-file.js';
import { fetchCatalogPhotos, fetchRemoteImages, isPrivateAddress } from '../../src/data/remote-images.js';
import { pngImage } from '../helpers/images.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
let server: Server;
let base = '';
let png: Buffer;
let served = 0;

beforeAll(async () => {
  png = Buffer.from(await pngImage(8, 8));
  server = createServer((request, response) => {
    served++;
    if (request.url === '/photo.png') response.writeHead(200, { 'content-type': 'image/png' }).end(png);
    else if (request.url === '/moved') response.writeHead(302, { location: '/photo.png' }).end();
    else if (request.url === '/page') response.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>');
    else if (request.url === '/huge') response.writeHead(200, { 'content-type': 'image/jpeg' }).end(Buffer.alloc(4096));
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('photo URLs', () => {
  it('tells private and loopback addresses from public ones', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '0.0.0.0']) expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['8.8.8.8', '151.101.1.69', '2a00:1450:4007::64', '::ffff:8.8.8.8']) expect(isPrivateAddress(a), a).toBe(false);
  });

  it('refuses a loopback server unless allowed, then fetches once into the cache, following a redirect', async () => {
    const cacheDir = join(dir, 'cache-a');
    const refused = await fetchRemoteImages([`${base}/photo.png`], { cacheDir });
    expect(refused.fetched).toBe(0);
    expect(refused.failed[0].reason).toMatch(/private or loopback/);
    const before = served;
    const first = await fetchRemoteImages([`${base}/photo.png`, `${base}/moved`], { cacheDir, allowPrivate: true });
    expect(first).toMatchObject({ fetched: 2, cached: 0, failed: [] });
    expect(readFileSync(cachedImagePath(cacheDir, `${base}/moved`)).equals(png)).toBe(true);
    const again = await fetchRemoteImages([`${base}/photo.png`], { cacheDir, allowPrivate: true });
    expect(again).toMatchObject({ fetched: 0, cached: 1 });
    expect(served - before).toBe(3);
  });

  it('reports what is not an image, missing or too large, and keeps nothing of it', async () => {
    const cacheDir = join(dir, 'cache-b');
    const r = await fetchRemoteImages([`${base}/page`, `${base}/gone`, `${base}/huge`, 'ftp://example.com/x.jpg'], { cacheDir, allowPrivate: true, maxBytes: 1000 });
    const reasons = Object.fromEntries(r.failed.map((f) => [f.url.replace(base, ''), f.reason]));
    expect(reasons['/page']).toMatch(/not an image/);
    expect(reasons['/gone']).toBe('HTTP 404');
    expect(reasons['/huge']).toMatch(/larger than 1000 bytes/);
    expect(reasons['ftp://example.com/x.jpg']).toMatch(/only http/);
    expect(existsSync(cachedImagePath(cacheDir, `${base}/huge`))).toBe(false);
  });

  it('gives a catalog its fetched photos', async () => {
    const cacheDir = join(dir, 'cache-c');
    const file = join(dir, 'shop.csv');
    writeFileSync(file, `id,title,category,image_url\n1,Chair,Furniture,${base}/photo.png\n2,Lamp,Lighting,${base}/gone\n`);
    const catalog = await loadCatalogFile(file);
    expect(catalog.images.urls).toHaveLength(2);
    const { catalog: withPhotos, report } = await fetchCatalogPhotos(catalog, { cacheDir, allowPrivate: true });
    expect(report!.fetched).toBe(1);
    expect(withPhotos.images.pathOf(withPhotos.train.products[0], 'train')).toBe(cachedImagePath(cacheDir, `${base}/photo.png`));
    expect(withPhotos.images.pathOf(withPhotos.train.products[1], 'train')).toBeNull();
    expect(withPhotos.warnings.some((w) => w.includes('1 of 2 photo URLs could not be fetched'))).toBe(true);
  });
});
