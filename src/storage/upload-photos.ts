// Uploaded photos kept in the database by content (on PostgreSQL), so that a worker retrains on the photos feedback names.

import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Queryable } from './transaction.js';

export interface UploadPhoto {
  /** Hex SHA-256 of `bytes`. */
  sha256: string;
  bytes: Buffer;
}

/** How many photos one query reads: a photo is tens of kB up to the upload limit, so a few dozen stay a few MB. */
const PHOTOS_PER_READ = 50;

/** The SHA-256 of a photo's bytes, in hex: its key here and its file name under uploads/. */
export function photoDigest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Where an uploaded photo is kept, relative to a var folder: `uploads/<first 2 hex>/<sha256>.<extension>`. */
export function uploadPath(sha256: string, extension: string): string {
  return join('uploads', sha256.slice(0, 2), `${sha256}.${extension}`);
}

/** The SHA-256 an uploaded photo's path (as uploadPath makes it, relative to the var folder) names, or null for another path. */
export function uploadDigest(path: string): string | null {
  const match = /^uploads[/\\]([0-9a-f]{2})[/\\]([0-9a-f]{64})\.[a-z]+$/.exec(path);
  return match && match[2].startsWith(match[1]) ? match[2] : null;
}

/** Photos by SHA-256, the same for every catalog's view. */
export class UploadPhotoStore {
  constructor(private readonly db: Queryable) {}

  /**
   * Stores the photo, or, when one of that digest is there already, keeps its bytes and marks it uploaded at `now`:
   * retention counts a photo's age from its last upload, so one a host has just named again is never removed under it.
   */
  async put(photo: UploadPhoto, now = new Date()): Promise<void> {
    await this.db
      .insertInto('upload_photos')
      .values({ sha256: photo.sha256, bytes: photo.bytes, created_at: now.toISOString() })
      .onConflict((oc) => oc.column('sha256').doUpdateSet((eb) => ({ created_at: eb.ref('excluded.created_at') })))
      .execute();
  }

  /**
   * Marks the stored photo `sha256` uploaded at `now` without sending its bytes again (a host that has it already).
   * @returns false when it is not stored (never, or removed since): the caller puts it.
   */
  async touch(sha256: string, now = new Date()): Promise<boolean> {
    const updated = await this.db.updateTable('upload_photos').set({ created_at: now.toISOString() }).where('sha256', '=', sha256).executeTakeFirst();
    return Number(updated.numUpdatedRows) > 0;
  }

  /** The stored photos among `digests` (those not stored are left out), as stored: the caller checks their digest. */
  async get(digests: Iterable<string>): Promise<UploadPhoto[]> {
    const wanted = [...new Set(digests)];
    const found: UploadPhoto[] = [];
    for (let from = 0; from < wanted.length; from += PHOTOS_PER_READ) {
      const rows = await this.db.selectFrom('upload_photos').select(['sha256', 'bytes']).where('sha256', 'in', wanted.slice(from, from + PHOTOS_PER_READ)).execute();
      for (const r of rows) found.push({ sha256: r.sha256, bytes: Buffer.from(r.bytes) });
    }
    return found;
  }

  /** The digests of the photos last uploaded before `before` (ISO 8601), sorted: the candidates of a clean-up. */
  async storedBefore(before: string): Promise<string[]> {
    const rows = await this.db.selectFrom('upload_photos').select('sha256').where('created_at', '<', before).orderBy('sha256').execute();
    return rows.map((r) => r.sha256);
  }

  /** Deletes the photos of `digests`; returns how many went. */
  async remove(digests: readonly string[]): Promise<number> {
    let removed = 0;
    for (let from = 0; from < digests.length; from += 500) {
      const deleted = await this.db.deleteFrom('upload_photos').where('sha256', 'in', digests.slice(from, from + 500)).executeTakeFirst();
      removed += Number(deleted.numDeletedRows);
    }
    return removed;
  }
}
