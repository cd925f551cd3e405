import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realPathInside, resolveInside } from '../../src/workflows/safe-path.js';
import { tempDir } from '../helpers/tmp.js';

describe('resolveInside', () => {
  const root = '/var/jobs/abc';

  it('keeps relative paths inside the folder', () => {
    expect(resolveInside(root, 'images/a.jpg')).toBe('/var/jobs/abc/images/a.jpg');
    expect(resolveInside(root, 'images/../b.jpg')).toBe('/var/jobs/abc/b.jpg');
    expect(resolveInside(root, 'images\\c.jpg')).toBe('/var/jobs/abc/images/c.jpg');
  });

  it.each(['../x.jpg', 'images/../../x.jpg', '..\\..\\x.jpg', '/etc/passwd', 'C:/x.jpg', 'a\0b.jpg', '.', 'images/..'])('refuses %j', (name) => {
    expect(() => resolveInside(root, name)).toThrow(/outside the job folder|absolute/);
  });
});

describe('realPathInside', () => {
  it('follows links that stay inside and refuses links that lead out', async () => {
    const dir = tempDir();
    const root = join(dir, 'job');
    mkdirSync(join(root, 'images'), { recursive: true });
    writeFileSync(join(root, 'images', 'a.jpg'), 'x');
    writeFileSync(join(dir, 'secret.txt'), 'secret');
    symlinkSync(join(root, 'images', 'a.jpg'), join(root, 'images', 'inside.jpg'));
    symlinkSync(join(dir, 'secret.txt'), join(root, 'images', 'out.jpg'));
    expect(await realPathInside(root, join(root, 'images', 'inside.jpg'))).toBe(join(root, 'images', 'a.jpg'));
    await expect(realPathInside(root, join(root, 'images', 'out.jpg'))).rejects.toThrow(/outside the job folder/);
    expect(await realPathInside(root, join(root, 'missing.jpg'))).toBeNull();
  });
});
