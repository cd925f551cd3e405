// The prediction log: on PostgreSQL, ids handed out at once and rows written behind the request in multi-row INSERTs; on SQLite, the rows of one turn of the event loop written together.

import { sql } from 'kysely';
import { ProdclassError } from '../core/errors.js';
import { DEFAULT_CATALOG } from './catalog-scope.js';
import { PredictionStore, predictionRow, type NewPrediction, type PendingWrites, type PredictionRecord } from './prediction-store.js';
import type { Backend } from './schema.js';
import type { Queryable } from './transaction.js';

export interface PredictionLogOptions {
  /**
   * PostgreSQL: how long a prediction may wait in memory before its row is written (ms). 0 writes each row before
   * its id is returned, as SQLite always does (SQLite with 0: one INSERT per row; otherwise the rows of one turn of the
   * event loop share one). Default 5.
   */
  flushMs?: number;
  /** Rows that start a write at once rather than at the next tick (one multi-row INSERT each). Default 200. */
  maxRows?: number;
  /** Ids reserved from the predictions' sequence per round trip. Default 200. */
  idBlock?: number;
  /** Rows held in memory at most while the database does not take them: past it, recording waits for a write. */
  maxBuffered?: number;
  /** How long a read waits for a prediction another host has numbered but not yet written (ms). Default 2,000. */
  peerWaitMs?: number;
  /** A background write failed (its rows stay buffered and are tried again). */
  onError?(error: Error): void;
}

type Row = ReturnType<typeof predictionRow> & { id: number };

const RETRY_MS = 500;
/** Below SQLite's and PostgreSQL's parameter limits at 14 parameters a row. */
const ROWS_PER_INSERT = 500;

/**
 * Records predictions for one process. On PostgreSQL (with flushMs > 0) `record` resolves as soon as the prediction
 * has an id, reserved in blocks from the table's own identity sequence (so batch inserts and other hosts never
 * collide with it); the row is written a few ms later together with its neighbours. A crash loses the rows not yet
 * written: their predictions were never acknowledged as durable, and feedback on them waits for (forces) the write
 * (see `settle`). On SQLite each row is written before its id is known, as before: one process owns the file and
 * an INSERT there costs microseconds, but its commit several times as much, so the rows recorded in one turn of the
 * event loop are written by one INSERT before their ids are returned.
 */
export class PredictionLog implements PendingWrites {
  private readonly behind: boolean;
  private readonly flushMs: number;
  private readonly maxRows: number;
  private readonly idBlock: number;
  private readonly maxBuffered: number;
  private readonly peerWaitMs: number;
  private buffer: Row[] = [];
  /** Rows recorded, and rows of those written: writes go one at a time, in order, so a prefix is written. */
  private recorded = 0;
  private written = 0;
  private writing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private ids: number[] = [];
  private reserving: Promise<void> | null = null;
  private closed = false;
  /** SQLite: rows recorded in this turn of the event loop, and their callers. */
  private turn: { row: ReturnType<typeof predictionRow>; resolve(id: number): void; reject(error: unknown): void }[] = [];
  private turnWrite: Promise<void> | null = null;

  constructor(
    private readonly db: Queryable,
    private readonly backend: Backend,
    private readonly options: PredictionLogOptions = {},
  ) {
    this.flushMs = options.flushMs ?? 5;
    this.behind = backend === 'postgres' && this.flushMs > 0;
    this.maxRows = Math.min(options.maxRows ?? 200, ROWS_PER_INSERT);
    this.idBlock = options.idBlock ?? 200;
    this.maxBuffered = options.maxBuffered ?? 20_000;
    this.peerWaitMs = options.peerWaitMs ?? 2_000;
  }

  /** Whether rows are written behind the answer (PostgreSQL) rather than before it (SQLite, or flushMs 0). */
  get writeBehind(): boolean {
    return this.behind;
  }

  /**
   * Records one prediction and returns its id. Write-behind, the row is in the table only after a later write: read
   * it through a store that settles this log first (the application's stores do).
   * @throws ProdclassError DATABASE_UNAVAILABLE once the log is closed; Error from the database when an id cannot be
   *   reserved (or, writing through, the row cannot be written).
   */
  async record(p: NewPrediction, createdAt = new Date().toISOString()): Promise<number> {
    if (this.closed) throw new ProdclassError('DATABASE_UNAVAILABLE', 'this host is shutting down (its prediction log is closed): send the request to another host');
    if (!this.behind) return this.backend === 'sqlite' && this.flushMs > 0 ? this.together(predictionRow(p, createdAt)) : new PredictionStore(this.db).insert(p, createdAt);
    if (this.buffer.length >= this.maxBuffered) await this.settle();
    const id = await this.nextId();
    // Closed while the id was being reserved: the final write may already have gone.
    if (this.closed) throw new ProdclassError('DATABASE_UNAVAILABLE', 'this host is shutting down (its prediction log is closed): send the request to another host');
    this.buffer.push({ id, ...predictionRow(p, createdAt) });
    this.recorded++;
    this.schedule();
    return id;
  }

  /**
   * Resolves once every prediction recorded before the call is written (at once when none waits).
   * @throws Error from the database when the write fails (the rows stay buffered for the next try).
   */
  async settle(): Promise<void> {
    const target = this.recorded;
    while (this.written < target) {
      if (this.writing) await this.writing.catch(() => {});
      else await this.write();
    }
  }

  /**
   * The prediction `id`, once this host's buffered rows are written. On PostgreSQL an id another host has numbered
   * (at most the sequence's last value) but not yet written is waited for up to `peerWaitMs`: a prediction made on
   * one API host may get its feedback through another. A prediction of another catalog's model is not found.
   */
  async get(id: number, catalog: string = DEFAULT_CATALOG): Promise<PredictionRecord | undefined> {
    await this.settle();
    const store = new PredictionStore(this.db, undefined, catalog);
    const found = await store.get(id);
    // An id this host reserved but has not handed out yet is no prediction anywhere: nothing to wait for.
    if (found || this.backend !== 'postgres' || this.ids.includes(id) || !(await this.numbered(id))) return found;
    const until = Date.now() + this.peerWaitMs;
    while (Date.now() < until) {
      await new Promise((r) => setTimeout(r, 20));
      const later = await store.get(id);
      if (later) return later;
    }
    return undefined;
  }

  /** Writes what is buffered and stops taking predictions. @throws Error when the last write fails. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.reserving?.catch(() => {});
    // Rows of this turn are written now rather than after the database has gone.
    await this.writeTurn();
    await this.settle();
  }

  private async numbered(id: number): Promise<boolean> {
    const { rows } = await sql<{ last: number | null }>`SELECT pg_sequence_last_value(pg_get_serial_sequence('predictions', 'id')::regclass) AS last`.execute(this.db);
    const last = rows[0]?.last;
    return last !== null && last !== undefined && id <= Number(last);
  }

  /**
   * SQLite: the rows recorded in one turn of the event loop are written by one INSERT, after which each id is returned
   * (a server under load answers several predictions a turn; one INSERT each cost three times as much a row: 110
   * against 36 us in bursts of 8).
   */
  private together(row: ReturnType<typeof predictionRow>): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.turn.push({ row, resolve, reject });
      if (this.turn.length === 1) setImmediate(() => this.writeTurn());
    });
  }

  /** Writes this turn's rows after the turns before (so `turnWrite` is always the last write to wait for). */
  private writeTurn(): Promise<void> {
    const waiting = this.turn;
    this.turn = [];
    if (waiting.length > 0) this.turnWrite = (this.turnWrite ?? Promise.resolve()).then(() => this.insertTurn(waiting));
    return this.turnWrite ?? Promise.resolve();
  }

  /** One INSERT for the rows of a turn, each row alone if that fails; every caller resolved or rejected. Never rejects. */
  private insertTurn(waiting: typeof this.turn): Promise<void> {
    const insert = (rows: ReturnType<typeof predictionRow>[]) => this.db.insertInto('predictions').values(rows).returning('id').execute();
    const write = async () => {
      for (let start = 0; start < waiting.length; start += ROWS_PER_INSERT) {
        const chunk = waiting.slice(start, start + ROWS_PER_INSERT);
        let rows: { id: number }[];
        try {
          rows = await insert(chunk.map((w) => w.row));
        } catch {
          // The statement wrote nothing: each row alone, so that only a row the database refuses fails its caller.
          for (const w of chunk) await insert([w.row]).then(([{ id }]) => w.resolve(id), w.reject);
          continue;
        }
        // One statement numbers its rows in the order given; RETURNING's own order is not promised.
        const ids = rows.map((r) => r.id).sort((a, b) => a - b);
        chunk.forEach((w, i) => w.resolve(ids[i]));
      }
    };
    return write().catch((error: unknown) => {
      for (const w of waiting) w.reject(error);
    });
  }

  private schedule(): void {
    if (this.writing || this.closed) return;
    if (this.buffer.length >= this.maxRows) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.write().catch(() => {});
    } else if (!this.timer && this.buffer.length > 0) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.write().catch(() => {});
      }, this.flushMs);
      this.timer.unref();
    }
  }

  /** Writes the buffered rows (one write at a time, so that rows land in the order recorded). */
  private write(): Promise<void> {
    if (this.writing) return this.writing;
    const rows = this.buffer;
    this.buffer = [];
    this.writing = (async () => {
      let start = 0;
      try {
        for (; start < rows.length; start += ROWS_PER_INSERT) {
          const chunk = rows.slice(start, start + ROWS_PER_INSERT);
          // A write that failed after its commit (a lost connection) is tried again: the rows already there are kept.
          await this.db.insertInto('predictions').values(chunk).onConflict((oc) => oc.column('id').doNothing()).execute();
          this.written += chunk.length;
        }
      } catch (error) {
        this.buffer = rows.slice(start).concat(this.buffer);
        throw error;
      }
    })();
    const attempt = this.writing;
    attempt
      .then(
        () => {
          this.writing = null;
          this.schedule();
        },
        (error: Error) => {
          this.writing = null;
          this.options.onError?.(error);
          if (!this.closed && !this.timer) {
            this.timer = setTimeout(() => {
              this.timer = null;
              this.write().catch(() => {});
            }, RETRY_MS);
            this.timer.unref();
          }
        },
      );
    return attempt;
  }

  private async nextId(): Promise<number> {
    while (this.ids.length === 0) await this.reserve();
    const id = this.ids.shift()!;
    if (this.ids.length < this.idBlock / 2) this.reserve().catch((error: Error) => this.options.onError?.(error));
    return id;
  }

  /** Takes `idBlock` values from the identity sequence of predictions.id in one round trip. */
  private reserve(): Promise<void> {
    this.reserving ??= (async () => {
      try {
        const { rows } = await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('predictions', 'id')) AS id FROM generate_series(1, ${this.idBlock})`.execute(this.db);
        this.ids.push(...rows.map((r) => Number(r.id)).sort((a, b) => a - b));
      } finally {
        this.reserving = null;
      }
    })();
    return this.reserving;
  }
}

/** What the application reads and writes through a prediction log, from one catalog (see Storage.forCatalog). */
export interface PredictionLogView extends PendingWrites {
  readonly writeBehind: boolean;
  record(p: NewPrediction, createdAt?: string): Promise<number>;
  /** The prediction `id` when one of this catalog's models made it. */
  get(id: number): Promise<PredictionRecord | undefined>;
}

/** The log seen from `catalog`: the same buffer (one per process), reads limited to the catalog's predictions. */
export function catalogLogView(log: PredictionLog, catalog: string): PredictionLogView {
  return {
    get writeBehind() {
      return log.writeBehind;
    },
    record: (p, createdAt) => log.record(p, createdAt),
    settle: () => log.settle(),
    get: (id) => log.get(id, catalog),
  };
}
