import mongoose from 'mongoose';

type Db = mongoose.mongo.Db;
type ObjectId = mongoose.Types.ObjectId;

/** GridFS's usual chunk size, so any GridFS tool reads these files as its own. */
export const CHUNK_BYTES = 255 * 1024;
/** Chunks sent in one insert: one round trip and one synced commit for about 8 MB (a 24 MB file in three). */
const CHUNKS_PER_INSERT = 32;
/** Inserts on their way at once; past this the writer asks its source to wait. */
const INSERTS_IN_FLIGHT = 2;

/**
 * Chunk buffers handed back once their insert is done: reusing them spares
 * the garbage collector tens of megabytes of short-lived buffers per upload.
 * At most POOLED are kept (8 MB), whatever the number of uploads.
 */
const POOLED = CHUNKS_PER_INSERT;
const pool: Buffer[] = [];
const takeChunk = () => pool.pop() ?? Buffer.allocUnsafe(CHUNK_BYTES);
function giveBack(chunks: Array<{ data: Buffer }>): void {
  for (const c of chunks) if (pool.length < POOLED && c.data.length === CHUNK_BYTES) pool.push(c.data);
}

/**
 * The chunks as one `insert` command, serialized once with the command. The
 * driver's insertMany serializes each document and then joins the pieces
 * three more times on their way to the socket: for megabytes of file bytes
 * per insert, those copies were most of an upload's time on this thread.
 */
async function insertChunks(db: Db, collection: string, docs: Array<Record<string, unknown>>): Promise<void> {
  const reply = await db.command({ insert: collection, documents: docs, ordered: true });
  const failed = (reply.writeErrors as Array<Record<string, unknown>> | undefined)?.[0];
  if (failed) throw new mongoose.mongo.MongoServerError({ ...failed, message: String(failed.errmsg ?? 'insert failed') });
  if (reply.n !== docs.length) throw new mongoose.mongo.MongoServerError({ message: `stored ${String(reply.n)} of ${docs.length} chunks` });
}

const indexed = new WeakMap<Db, Map<string, Promise<void>>>();

/** The indexes GridFS readers expect, created once per bucket and connection (as the driver's own upload stream would). */
function ensureIndexes(db: Db, bucket: string): Promise<void> {
  let perDb = indexed.get(db);
  if (!perDb) indexed.set(db, (perDb = new Map()));
  let done = perDb.get(bucket);
  if (!done) {
    done = (async () => {
      await db.collection(`${bucket}.chunks`).createIndex({ files_id: 1, n: 1 }, { unique: true });
      await db.collection(`${bucket}.files`).createIndex({ filename: 1, uploadDate: 1 });
    })();
    done.catch(() => perDb!.delete(bucket));
    perDb.set(bucket, done);
  }
  return done;
}

/**
 * Writes one GridFS file as its bytes arrive: they are cut into chunks and
 * sent CHUNKS_PER_INSERT chunks per insert, at most two inserts at a time, and the
 * file's document is written last, once every chunk is stored. The bytes
 * are copied once, into the chunks; nothing else of the file is kept.
 */
export class GridFsWriter {
  readonly id: ObjectId = new mongoose.Types.ObjectId();
  length = 0;
  private chunk = takeChunk();
  private pos = 0;
  private n = 0;
  private batch: Array<{ _id: ObjectId; files_id: ObjectId; n: number; data: Buffer }> = [];
  private readonly inFlight = new Set<Promise<void>>();
  private failure: unknown;
  private roomWaiters: Array<() => void> = [];
  private readonly ready: Promise<void>;

  constructor(
    private readonly db: Db,
    private readonly bucket: string,
    private readonly filename: string,
    private readonly metadata: Record<string, unknown>,
  ) {
    this.ready = ensureIndexes(db, bucket);
    this.ready.catch((err: unknown) => (this.failure ??= err));
  }

  /** The first insert that failed, if one has. */
  get failed(): unknown {
    return this.failure;
  }

  /** Takes the next bytes; false when the caller should wait for `room()` before sending more. */
  write(bytes: Buffer): boolean {
    this.length += bytes.length;
    let at = 0;
    while (at < bytes.length) {
      const n = Math.min(CHUNK_BYTES - this.pos, bytes.length - at);
      bytes.copy(this.chunk, this.pos, at, at + n);
      this.pos += n;
      at += n;
      if (this.pos === CHUNK_BYTES) {
        this.cut(this.chunk);
        this.chunk = takeChunk();
        this.pos = 0;
      }
    }
    return this.inFlight.size < INSERTS_IN_FLIGHT;
  }

  /** Resolves once fewer inserts are on their way than the writer allows. */
  room(): Promise<void> {
    if (this.inFlight.size < INSERTS_IN_FLIGHT) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  /** Stores what is left and then the file's document; rejects with the first failed insert. */
  async end(): Promise<ObjectId> {
    if (this.pos > 0) this.cut(this.chunk.subarray(0, this.pos));
    this.send();
    await this.settled();
    if (this.failure) throw this.failure;
    await this.db.collection(`${this.bucket}.files`).insertOne({
      _id: this.id,
      length: this.length,
      chunkSize: CHUNK_BYTES,
      uploadDate: new Date(),
      filename: this.filename,
      metadata: this.metadata,
    });
    return this.id;
  }

  /** Stops: waits for the inserts already sent, so none lands after the clean-up, then deletes what was written. */
  async abort(): Promise<void> {
    this.batch = [];
    this.failure ??= new Error('upload aborted');
    await this.settled();
    await this.db.collection(`${this.bucket}.chunks`).deleteMany({ files_id: this.id });
    await this.db.collection(`${this.bucket}.files`).deleteMany({ _id: this.id });
  }

  private cut(data: Buffer): void {
    this.batch.push({ _id: new mongoose.Types.ObjectId(), files_id: this.id, n: this.n++, data });
    if (this.batch.length >= CHUNKS_PER_INSERT) this.send();
  }

  private send(): void {
    if (!this.batch.length || this.failure) return;
    const docs = this.batch;
    this.batch = [];
    const p: Promise<void> = this.ready
      .then(() => insertChunks(this.db, `${this.bucket}.chunks`, docs))
      .then(
        () => undefined,
        (err: unknown) => void (this.failure ??= err),
      )
      .finally(() => {
        // Sent (or given up) by now: the driver holds no reference to the bytes any more.
        giveBack(docs);
        this.inFlight.delete(p);
        if (this.inFlight.size < INSERTS_IN_FLIGHT) for (const wake of this.roomWaiters.splice(0)) wake();
      });
    this.inFlight.add(p);
  }

  private async settled(): Promise<void> {
    while (this.inFlight.size) await Promise.all(this.inFlight);
  }
}
