import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { embeddedEngineUri } from '../../src/db/connect.js';
import { startEmbeddedEngine, type EmbeddedEngine } from '../../src/db/embedded/index.js';

/** The embedded engine's own login; a MongoDB under MONGODB_URI has its own arrangements. */
const embeddedOnly = process.env.MONGODB_URI ? describe.skip : describe;

embeddedOnly('embedded engine authentication', function () {
  this.timeout(30_000);
  let dir: string;
  let engine: EmbeddedEngine;
  const clients: mongoose.mongo.MongoClient[] = [];

  async function client(uri: string): Promise<mongoose.mongo.MongoClient> {
    const c = new mongoose.mongo.MongoClient(uri, { serverSelectionTimeoutMS: 3000 });
    clients.push(c);
    await c.connect();
    return c;
  }

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rasoat-auth-'));
    engine = await startEmbeddedEngine({ dataDir: dir, log: () => {} });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when a client connects without credentials, then it may say hello and ping but reads and writes are Unauthorized (13)', async () => {
    const anon = await client(`mongodb://127.0.0.1:${engine.port}/?directConnection=true`);
    expect(await anon.db('admin').command({ ping: 1 })).to.deep.include({ ok: 1 });
    expect(await anon.db('admin').command({ hello: 1 })).to.deep.include({ isWritablePrimary: true });
    for (const attempt of [
      () => anon.db('rasoat').collection('users').find({}).toArray(),
      () => anon.db('rasoat').collection('users').insertOne({ email: 'x@y.vn' }),
      () => anon.db('admin').command({ listDatabases: 1 }),
    ]) {
      const err = await attempt().catch((e: unknown) => e);
      expect(err).to.be.instanceOf(mongoose.mongo.MongoServerError);
      expect((err as mongoose.mongo.MongoServerError).code).to.equal(13);
    }
    const authed = await client(engine.uri());
    expect(await authed.db('rasoat').collection('users').countDocuments({})).to.equal(0);
  });

  it('when the password is wrong, then login fails with AuthenticationFailed (18)', async () => {
    const err = await client(`mongodb://rasoat:wrong-password@127.0.0.1:${engine.port}/?authSource=admin&directConnection=true`).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(mongoose.mongo.MongoServerError);
    expect((err as mongoose.mongo.MongoServerError).code).to.equal(18);
    const unknownUser = await client(`mongodb://nobody:${encodeURIComponent(engine.credentials!.password)}@127.0.0.1:${engine.port}/?authSource=admin&directConnection=true`).catch((e: unknown) => e);
    expect((unknownUser as mongoose.mongo.MongoServerError).code).to.equal(18);
  });

  it('when the engine starts on a new folder, then it writes its login there for its owner only, and keeps it across restarts', async () => {
    const file = path.join(dir, 'db-credentials.json');
    expect(fs.statSync(file).mode & 0o777).to.equal(0o600);
    const first = engine.credentials!.password;
    expect(fs.readFileSync(file, 'utf8')).to.include(first);
    await engine.close();
    engine = await startEmbeddedEngine({ dataDir: dir, log: () => {} });
    expect(engine.credentials!.password).to.equal(first);
    const other = await client(embeddedEngineUri(dir, engine.port));
    await other.db('rasoat').collection('notes').insertOne({ text: 'Xin chào' });
    expect(await other.db('rasoat').collection('notes').countDocuments({})).to.equal(1);
  });

  it('when the driver logs in with the default mechanism, then it is SCRAM-SHA-256', async () => {
    const anon = await client(`mongodb://127.0.0.1:${engine.port}/?directConnection=true`);
    const hello = await anon.db('admin').command({ hello: 1, saslSupportedMechs: 'admin.rasoat' });
    expect(hello.saslSupportedMechs).to.deep.equal(['SCRAM-SHA-256']);
    const sha1 = await client(`mongodb://rasoat:${encodeURIComponent(engine.credentials!.password)}@127.0.0.1:${engine.port}/?authSource=admin&authMechanism=SCRAM-SHA-1&directConnection=true`).catch((e: unknown) => e);
    expect(sha1).to.be.instanceOf(mongoose.mongo.MongoServerError);
  });
});
