import mongoose, { type ClientSession } from 'mongoose';

/**
 * Runs `fn` in a transaction where the server offers one (a replica set, a sharded
 * cluster, the embedded engine), and plainly where it does not (a standalone mongod):
 * the counts check then finds what a crash between two writes left behind.
 */
const support = new WeakMap<object, Promise<boolean>>();

async function probe(): Promise<boolean> {
  const db = mongoose.connection.db;
  if (!db) return false;
  const hello = await db.admin().command({ hello: 1 });
  return Boolean(hello.setName) || hello.msg === 'isdbgrid';
}

export function transactionsSupported(): Promise<boolean> {
  const client = mongoose.connection.getClient();
  let known = support.get(client);
  if (!known) {
    known = probe().catch(() => false);
    support.set(client, known);
  }
  return known;
}

export async function inTransaction<T>(fn: (session: ClientSession | undefined) => Promise<T>): Promise<T> {
  if (!(await transactionsSupported())) return fn(undefined);
  const session = await mongoose.startSession();
  try {
    let out: T | undefined;
    await session.withTransaction(async () => {
      out = await fn(session);
    });
    return out as T;
  } finally {
    await session.endSession();
  }
}
