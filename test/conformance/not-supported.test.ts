import { expect } from 'chai';
import mongoose from 'mongoose';
import { collection, db, dropIfExists, freshCollection, rejects } from './helpers.js';

/**
 * A feature either works as on MongoDB, or is refused with NotImplemented
 * (238) and a message naming it; it is never accepted and then ignored.
 */
async function worksOrRefused(attempt: () => Promise<unknown>, feature: RegExp, works: () => Promise<void>): Promise<void> {
  let failure: unknown;
  try {
    await attempt();
  } catch (err) {
    failure = err;
  }
  if (failure === undefined) return works();
  expect(failure).to.be.instanceOf(mongoose.mongo.MongoServerError);
  const err = failure as mongoose.mongo.MongoServerError;
  expect(err.code, err.message).to.equal(238);
  expect(err.codeName).to.equal('NotImplemented');
  expect(err.message).to.match(feature);
}

describe('conformance: features either supported or refused by name', () => {
  const name = 'conf_unsupported';

  beforeEach(async () => {
    await dropIfExists(name);
    await dropIfExists(`${name}_view`);
    await dropIfExists(`${name}_out`);
  });

  it('when a capped collection is created, then it keeps only its newest documents or is refused', async () => {
    await worksOrRefused(() => db().createCollection(name, { capped: true, size: 4096, max: 2 }), /capped/, async () => {
      await collection(name).insertMany([{ n: 1 }, { n: 2 }, { n: 3 }]);
      expect((await collection(name).find().toArray()).map((d) => d.n)).to.deep.equal([2, 3]);
    });
  });

  it('when a $jsonSchema validator is set, then invalid documents are rejected or the validator is refused', async () => {
    const validator = { $jsonSchema: { required: ['title'] } };
    await worksOrRefused(() => db().createCollection(name, { validator }), /validation/, async () => {
      const err = await rejects(collection(name).insertOne({ other: 1 }));
      expect(err.code).to.equal(121);
    });
    expect((await db().listCollections({ name }).toArray()).length).to.be.oneOf([0, 1]);
  });

  it('when a view is created, then it answers through its pipeline or is refused', async () => {
    await collection(name).insertMany([{ a: 1 }, { a: 2 }]);
    await worksOrRefused(
      () => db().createCollection(`${name}_view`, { viewOn: name, pipeline: [{ $match: { a: 2 } }] }),
      /views/,
      async () => {
        expect(await collection(`${name}_view`).countDocuments({})).to.equal(1);
      },
    );
  });

  it('when a time series collection is created, then it is one or is refused', async () => {
    await worksOrRefused(() => db().createCollection(name, { timeseries: { timeField: 't' } }), /time series/, async () => {
      const [info] = await db().listCollections({ name }).toArray();
      expect(info!.type).to.equal('timeseries');
    });
  });

  it('when a collection-level TTL is asked for, then it is kept or is refused', async () => {
    await worksOrRefused(
      () => db().createCollection(name, { clusteredIndex: { key: { _id: 1 }, unique: true }, expireAfterSeconds: 60 } as never),
      /clustered|TTL/,
      async () => {
        const [info] = await db().listCollections({ name }).toArray();
        expect((info as mongoose.mongo.CollectionInfo).options!.expireAfterSeconds).to.equal(60);
      },
    );
  });

  it('when a change stream is opened, then it waits for changes or is refused', async () => {
    const coll = await freshCollection(name);
    const stream = coll.watch([], { maxAwaitTimeMS: 50 });
    try {
      await worksOrRefused(() => stream.tryNext(), /change streams/, async () => {});
    } finally {
      await stream.close();
    }
  });

  it('when a geospatial query or index is used, then it answers or is refused', async () => {
    const coll = await freshCollection(name);
    await coll.insertMany([{ loc: [0, 0] }, { loc: [50, 50] }]);
    await worksOrRefused(() => coll.find({ loc: { $geoWithin: { $centerSphere: [[0, 0], 0.01] } } }).toArray(), /geospatial/, async () => {
      expect(await coll.countDocuments({ loc: { $geoWithin: { $centerSphere: [[0, 0], 0.01] } } })).to.equal(1);
    });
    await worksOrRefused(() => coll.createIndex({ loc: '2dsphere' }), /geospatial/, async () => {
      expect((await coll.indexes()).map((i) => i.name)).to.include('loc_2dsphere');
    });
  });

  it('when $out or $merge ends a pipeline, then the target is written or the stage is refused', async () => {
    const coll = await freshCollection(name);
    await coll.insertMany([{ a: 1 }, { a: 2 }]);
    await worksOrRefused(() => coll.aggregate([{ $match: { a: 2 } }, { $out: `${name}_out` }]).toArray(), /\$out/, async () => {
      expect(await collection(`${name}_out`).countDocuments({})).to.equal(1);
    });
    await worksOrRefused(() => coll.aggregate([{ $merge: { into: `${name}_out` } }]).toArray(), /\$merge/, async () => {
      expect(await collection(`${name}_out`).countDocuments({})).to.equal(2);
    });
  });

  it('when a pipeline names an unknown stage, then it fails with 40324', async () => {
    const coll = await freshCollection(name);
    const err = await rejects(coll.aggregate([{ $rasoatNoSuchStage: {} }]).toArray());
    expect(err.code).to.equal(40324);
  });

  it('when a query is malformed, then the answer is BadValue (2), never InternalError', async () => {
    const coll = await freshCollection(name);
    await coll.insertMany([{ a: 1, tags: ['x'] }]);
    for (const filter of [{ a: { $rasoatNoSuchOp: 1 } }, { $rasoatNoSuchOp: 1 }, { a: { $in: 5 } }, { tags: { $size: 'x' } }]) {
      const err = await rejects(coll.find(filter as never).toArray());
      expect(err.code, JSON.stringify(filter)).to.equal(2);
    }
  });
});
