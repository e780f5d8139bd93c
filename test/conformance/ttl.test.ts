import { expect } from 'chai';
import mongoose from 'mongoose';
import { db, freshCollection } from './helpers.js';

describe('conformance: TTL indexes', () => {
  let coll: mongoose.mongo.Collection;
  let previousSleep: number | undefined;

  before(async () => {
    const admin = db().admin();
    const current = await admin.command({ getParameter: 1, ttlMonitorSleepSecs: 1 });
    previousSleep = Number(current.ttlMonitorSleepSecs);
    await admin.command({ setParameter: 1, ttlMonitorSleepSecs: 1 });
  });

  after(async () => {
    if (previousSleep) await db().admin().command({ setParameter: 1, ttlMonitorSleepSecs: previousSleep });
  });

  beforeEach(async () => {
    coll = await freshCollection('conf_ttl');
    await coll.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 1 });
  });

  it('when the TTL index is listed, then it carries expireAfterSeconds', async () => {
    const index = (await coll.listIndexes().toArray()).find((i) => i.name === 'expiresAt_1');
    expect(index?.expireAfterSeconds).to.equal(1);
  });

  it('when a document is past its TTL, then the monitor removes it and keeps the others', async function () {
    this.timeout(20_000);
    await coll.insertMany([
      { _id: 'old' as never, expiresAt: new Date(Date.now() - 60_000) },
      { _id: 'old-in-array' as never, expiresAt: [new Date(Date.now() + 3_600_000), new Date(Date.now() - 60_000)] },
      { _id: 'future' as never, expiresAt: new Date(Date.now() + 3_600_000) },
      { _id: 'not-a-date' as never, expiresAt: 'hôm qua' },
      { _id: 'missing' as never },
    ]);
    const deadline = Date.now() + 10_000;
    let left: unknown[] = [];
    while (Date.now() < deadline) {
      left = (await coll.find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id);
      if (!left.includes('old') && !left.includes('old-in-array')) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(left).to.have.members(['future', 'not-a-date', 'missing']);
  });

  it('when a session store style index has expireAfterSeconds 0, then documents go at their own expiry date', async function () {
    this.timeout(20_000);
    const sessions = await freshCollection('conf_ttl_sessions');
    await sessions.createIndex({ expires: 1 }, { expireAfterSeconds: 0 });
    await sessions.insertMany([
      { _id: 'gone' as never, expires: new Date(Date.now() - 1_000) },
      { _id: 'soon' as never, expires: new Date(Date.now() + 1_500) },
      { _id: 'later' as never, expires: new Date(Date.now() + 3_600_000) },
    ]);
    const deadline = Date.now() + 10_000;
    let left: unknown[] = [];
    while (Date.now() < deadline) {
      left = (await sessions.find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id);
      if (left.length === 1) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(left).to.deep.equal(['later']);
  });
});
