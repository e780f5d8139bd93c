import { expect } from 'chai';
import mongoose from 'mongoose';

/** The database the root hook connected; tests reach it only through the driver Mongoose bundles. */
export function db(): mongoose.mongo.Db {
  const d = mongoose.connection.db;
  if (!d) throw new Error('not connected');
  return d;
}

export function collection<T extends mongoose.mongo.Document = mongoose.mongo.Document>(name: string) {
  return db().collection<T>(name);
}

/** Creates the collection when missing and empties it, keeping its indexes. */
export async function freshCollection<T extends mongoose.mongo.Document = mongoose.mongo.Document>(name: string) {
  const exists = await db().listCollections({ name }, { nameOnly: true }).hasNext();
  if (!exists) await db().createCollection(name);
  const coll = db().collection<T>(name);
  await coll.deleteMany({});
  return coll;
}

/** Awaits a promise that must reject with a server error, and returns that error. */
export async function rejects(p: Promise<unknown>): Promise<mongoose.mongo.MongoServerError> {
  try {
    await p;
  } catch (err) {
    expect(err).to.be.instanceOf(mongoose.mongo.MongoServerError);
    return err as mongoose.mongo.MongoServerError;
  }
  throw new Error('expected the operation to fail');
}

export async function dropIfExists(name: string): Promise<void> {
  await db().collection(name).drop().catch(() => {});
}
