import { open, type Database, type RootDatabase, type Transaction as ReadTxn } from 'lmdb';

export type { ReadTxn };

/** How long one write transaction keeps taking queued writes before it commits. */
const WRITE_GROUP_MS = 4;

interface Queued {
  fn: () => unknown;
  sync: boolean;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/**
 * The LMDB environment of a data folder: one memory-mapped B+tree file
 * (`data.mdb`) with four databases. Documents are keyed by collection
 * number and encoded `_id`; index entries by index number, encoded key and
 * `_id`; the number of entries per key in `counts`; the catalog in `meta`. Pages are the operating system's
 * cache, not the process's memory, and nothing is read at start-up.
 */
export class Store {
  readonly env: RootDatabase;
  readonly docs: Database<Buffer, Buffer>;
  readonly entries: Database<Buffer, Buffer>;
  readonly meta: Database<Buffer, string>;
  readonly counts: Database<Buffer, Buffer>;
  private writing = 0;
  private readonly queue: Queued[] = [];
  private pumping = false;

  constructor(readonly dir: string) {
    this.env = open({ path: dir, noSync: false, maxDbs: 8, compression: false });
    const binary = { keyEncoding: 'binary', encoding: 'binary', cache: false } as const;
    this.docs = this.env.openDB<Buffer, Buffer>('docs', binary);
    this.entries = this.env.openDB<Buffer, Buffer>('entries', binary);
    this.counts = this.env.openDB<Buffer, Buffer>('counts', binary);
    this.meta = this.env.openDB<Buffer, string>('meta', { encoding: 'binary', cache: false });
  }

  /** True while a write callback runs: writes made outside one would not be grouped or synced. */
  get inWrite(): boolean {
    return this.writing > 0;
  }

  /**
   * Runs `fn` inside a write transaction, grouped with the writes of other
   * commands, and resolves once that transaction is committed and synced to
   * disk (with `sync: false`, once committed: a later synced write makes it
   * durable too). `fn` must check before it writes: grouped transactions
   * cannot be rolled back, so a throw keeps what was written.
   */
  write<T>(fn: () => T, sync = true): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, sync, resolve: resolve as (v: unknown) => void, reject });
      if (!this.pumping) void this.pump();
    });
  }

  /**
   * Commits the queued writes a group at a time. A group stops taking
   * writes once it has run for WRITE_GROUP_MS, so that commands which only
   * read (served on this thread between groups, while the disk syncs) never
   * wait behind a long queue of writes.
   */
  private async pump(): Promise<void> {
    this.pumping = true;
    while (this.queue.length) {
      const group: Array<Queued & { result?: unknown; error?: unknown; threw?: boolean }> = [];
      try {
        await this.env.transaction(() => {
          const start = performance.now();
          while (this.queue.length && (group.length === 0 || performance.now() - start < WRITE_GROUP_MS)) {
            const job: (typeof group)[number] = this.queue.shift()!;
            group.push(job);
            this.writing++;
            try {
              job.result = job.fn();
            } catch (err) {
              job.threw = true;
              job.error = err;
            } finally {
              this.writing--;
            }
          }
        });
        const settle = () => {
          for (const j of group) {
            if (j.threw) j.reject(j.error);
            else j.resolve(j.result);
          }
        };
        // The next group runs while this one syncs (LMDB's overlapping sync); its writers hear back once it is on disk.
        if (group.some((j) => j.sync)) {
          Promise.resolve(this.env.flushed).then(settle, (err: unknown) => {
            for (const j of group) j.reject(err);
          });
        } else settle();
      } catch (err) {
        for (const j of group) j.reject(err);
      }
    }
    this.pumping = false;
  }

  /** Resolves once every write committed so far is synced to disk. */
  async synced(): Promise<void> {
    await this.env.flushed;
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
