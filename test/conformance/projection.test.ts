import { expect } from 'chai';
import mongoose, { Schema } from 'mongoose';
import { freshCollection, rejects } from './helpers.js';

const DOC = {
  _id: 1,
  name: 'Quyết định 12',
  secret: 'x',
  address: { city: 'Huế', zip: '530000', street: 'Lê Lợi' },
  scores: [
    { subject: 'math', score: 8, note: 'tốt' },
    { subject: 'lit', score: 6, note: 'khá' },
  ],
  tags: ['a', 'b', 'c', 'd'],
};

describe('conformance: projection', () => {
  let coll: mongoose.mongo.Collection;

  beforeEach(async () => {
    coll = await freshCollection('conf_projection');
    await coll.insertOne(structuredClone(DOC) as mongoose.mongo.Document);
  });

  const one = (projection: mongoose.mongo.Document, filter: mongoose.mongo.Document = { _id: 1 }) => coll.findOne(filter, { projection });

  it('when fields are included, then only they and _id come back', async () => {
    expect(await one({ name: 1 })).to.deep.equal({ _id: 1, name: 'Quyết định 12' });
  });

  it('when fields are included and _id excluded, then _id is gone', async () => {
    expect(await one({ name: 1, _id: 0 })).to.deep.equal({ name: 'Quyết định 12' });
  });

  it('when fields are excluded, then everything else comes back', async () => {
    expect(await one({ secret: 0, scores: 0, tags: 0, address: 0 })).to.deep.equal({ _id: 1, name: 'Quyết định 12' });
  });

  it('when a nested path is included, then its parent holds only that field', async () => {
    expect(await one({ 'address.city': 1, _id: 0 })).to.deep.equal({ address: { city: 'Huế' } });
  });

  it('when a nested path is excluded, then its siblings stay', async () => {
    const got = await one({ 'address.zip': 0, scores: 0, tags: 0, secret: 0 });
    expect(got).to.deep.equal({ _id: 1, name: 'Quyết định 12', address: { city: 'Huế', street: 'Lê Lợi' } });
  });

  it('when a path through an array of subdocuments is included, then each element keeps only that field', async () => {
    expect(await one({ 'scores.score': 1, _id: 0 })).to.deep.equal({ scores: [{ score: 8 }, { score: 6 }] });
  });

  it('when a path through an array of subdocuments is excluded, then each element loses that field', async () => {
    expect(await one({ 'scores.note': 0, _id: 0, name: 0, secret: 0, address: 0, tags: 0 })).to.deep.equal({
      scores: [
        { subject: 'math', score: 8 },
        { subject: 'lit', score: 6 },
      ],
    });
  });

  it('when $slice is projected, then only that part of the array comes back', async () => {
    expect(await one({ tags: { $slice: 2 }, _id: 0, name: 0, secret: 0, address: 0, scores: 0 })).to.deep.equal({ tags: ['a', 'b'] });
    expect(await one({ tags: { $slice: -1 }, _id: 0, name: 0, secret: 0, address: 0, scores: 0 })).to.deep.equal({ tags: ['d'] });
  });

  it('when $elemMatch is projected, then only the first matching element comes back', async () => {
    expect(await one({ scores: { $elemMatch: { score: { $lt: 7 } } } })).to.deep.equal({
      _id: 1,
      scores: [{ subject: 'lit', score: 6, note: 'khá' }],
    });
  });

  it('when the positional $ is projected, then the element the query matched comes back', async () => {
    expect(await one({ 'scores.$': 1 }, { 'scores.subject': 'lit' })).to.deep.equal({
      _id: 1,
      scores: [{ subject: 'lit', score: 6, note: 'khá' }],
    });
  });

  it('when inclusion and exclusion are mixed, then the server refuses with 31254', async () => {
    const err = await rejects(one({ name: 1, secret: 0 }));
    expect(err.code).to.equal(31254);
  });

  it('when a Mongoose query selects with a string, then the projection is applied', async () => {
    const M = mongoose.models.ConfProjection ?? mongoose.model('ConfProjection', new Schema({ _id: Number, name: String, secret: String }, { strict: false }), 'conf_projection');
    const got = await M.findById(1).select('name -_id').lean();
    expect(got).to.deep.equal({ name: 'Quyết định 12' });
  });
});
