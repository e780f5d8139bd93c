import { open, type Database, type RootDatabase, type Transaction as ReadTxn } from 'lmdb';

export type { ReadTxn };

/**
 * The LMDB environment of a data folder: one memory-mapped B+tree file
 * (`data.mdb`) with three databases. Documents are keyed by collection
 * number and encoded `_id`; index entries by index number, encoded key and
 * `_id`; the catalog lives in `meta`. Pages are the operating system's
 * cache, not the process's memory, and nothing is read at start-up.
 */
export class Store {
  readonly env: RootDatabase;
  readonly docs: Database<Buffer, Buffer>;
  readonly entries: Database<Buffer, Buffer>;
  readonly meta: Database<Buffer, string>;
  private writing = 0;

  constructor(readonly dir: string) {
    this.env = open({ path: dir, noSync: false, maxDbs: 8, compression: false });
    const binary = { keyEncoding: 'binary', encoding: 'binary', cache: false } as const;
    this.docs = this.env.openDB<Buffer, Buffer>('docs', binary);
    this.entries = this.env.openDB<Buffer, Buffer>('entries', binary);
    this.meta = this.env.openDB<Buffer, string>('meta', { encoding: 'binary', cache: false });
  }

  /** True while a write callback runs: writes made outside one would not be grouped or synced. */
  get inWrite(): boolean {
    return this.writing > 0;
  }

  /**
   * Runs `fn` inside the next write transaction, grouped with the writes of
   * other commands, and resolves once that transaction is committed and
   * synced to disk (with `sync: false`, once committed: a later synced
   * write makes it durable too). `fn` must check before it writes: LMDB's
   * grouped transactions cannot be rolled back, so a throw keeps what was written.
   */
  async write<T>(fn: () => T, sync = true): Promise<T> {
    const result = await this.env.transaction(() => {
      this.writing++;
      try {
        return fn();
      } finally {
        this.writing--;
      }
    });
    if (sync) await this.env.flushed;
    return result;
  }

  /** A read transaction fixed at this moment: later commits are not seen through it. */
  snapshot(): ReadTxn {
    return this.env.useReadTransaction();
  }

  /** Bytes of the data file on disk. */
  fileBytes(): number {
    const stat = this.env.getStats() as { pageSize?: number; treeBranchPageCount?: number; lastPageNumber?: number };
    return (stat.lastPageNumber ?? 0) * (stat.pageSize ?? 4096);
  }

  async close(): Promise<void> {
    await this.env.flushed;
    await this.env.close();
  }
}
