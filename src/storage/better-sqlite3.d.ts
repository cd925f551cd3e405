// The part of better-sqlite3's API prodclass uses, typed here because the package ships no declarations.

declare module 'better-sqlite3' {
  namespace BetterSqlite3 {
    interface RunResult {
      changes: number;
      lastInsertRowid: number | bigint;
    }

    interface Statement<P extends unknown[] = unknown[], R = unknown> {
      /** True for a statement that returns rows (Kysely's SQLite driver reads it). */
      readonly reader: boolean;
      run(...params: P): RunResult;
      get(...params: P): R | undefined;
      all(...params: P): R[];
      iterate(...params: P): IterableIterator<R>;
      pluck(toggle?: boolean): this;
    }

    interface Options {
      readonly?: boolean;
      fileMustExist?: boolean;
      timeout?: number;
    }

    interface Database {
      readonly open: boolean;
      readonly name: string;
      readonly inTransaction: boolean;
      prepare<P extends unknown[] = unknown[], R = unknown>(sql: string): Statement<P, R>;
      exec(sql: string): this;
      pragma(source: string, options?: { simple?: boolean }): unknown;
      transaction<F extends (...args: never[]) => unknown>(fn: F): F;
      close(): this;
    }
  }

  const BetterSqlite3: new (filename: string, options?: BetterSqlite3.Options) => BetterSqlite3.Database;
  export = BetterSqlite3;
}
