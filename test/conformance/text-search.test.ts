import { expect } from 'chai';
import mongoose, { Schema } from 'mongoose';
import { freshCollection, rejects } from './helpers.js';

interface Doc { _id: number; title: string; body: string; kind: string }

const DOCS: Doc[] = [
  { _id: 1, title: 'Quyết định về quản lý văn bản', body: 'Ban hành kèm theo quyết định này', kind: 'qd' },
  { _id: 2, title: 'Nghị định số 15', body: 'Quy định chi tiết thi hành luật', kind: 'nd' },
  { _id: 3, title: 'Thông tư hướng dẫn', body: 'Hướng dẫn thực hiện quyết định của Bộ', kind: 'tt' },
  { _id: 4, title: 'Luật Đất đai', body: 'Đất đai thuộc sở hữu toàn dân', kind: 'luat' },
  { _id: 5, title: 'QUYẾT ĐỊNH khẩn', body: 'Quyết định, quyết định và quyết định', kind: 'qd' },
];

describe('conformance: $text search', () => {
  let coll: mongoose.mongo.Collection<Doc>;

  before(async () => {
    coll = await freshCollection<Doc>('conf_text');
    // Vietnamese has no MongoDB stemmer; 'none' turns off stemming and stop words, as rasoat's indexes do.
    await coll.createIndex({ title: 'text', body: 'text' }, { default_language: 'none', weights: { title: 10, body: 1 }, name: 'text_vi' });
  });

  beforeEach(async () => {
    await coll.deleteMany({});
    await coll.insertMany(DOCS.map((d) => ({ ...d })));
  });

  const search = async (s: string, extra: mongoose.mongo.Filter<Doc> = {}) =>
    (await coll.find({ $text: { $search: s }, ...extra }).toArray()).map((d) => d._id).sort((a, b) => a - b);

  it('when the query has no diacritics, then documents with them are found', async () => {
    expect(await search('quyet')).to.deep.equal([1, 3, 5]);
    expect(await search('dat dai')).to.deep.equal([4]);
  });

  it('when the query has diacritics and capitals, then the same documents are found', async () => {
    expect(await search('QUYẾT')).to.deep.equal([1, 3, 5]);
    expect(await search('Quyết')).to.deep.equal([1, 3, 5]);
  });

  it('when several words are given, then a document with any of them matches', async () => {
    expect(await search('luat huong')).to.deep.equal([2, 3, 4]);
  });

  it('when a phrase is quoted, then only documents holding the words together match', async () => {
    expect(await search('"quyet dinh"')).to.deep.equal([1, 3, 5]);
    expect(await search('"nghi dinh"')).to.deep.equal([2]);
    expect(await search('"dinh quyet"')).to.deep.equal([5]);
  });

  it('when a word is negated, then documents containing it are left out', async () => {
    expect(await search('dinh -quyet')).to.deep.equal([2]);
  });

  it('when $text combines with another condition, then both must hold', async () => {
    expect(await search('quyet', { kind: 'qd' })).to.deep.equal([1, 5]);
  });

  it('when textScore is projected and sorted on, then more and heavier hits rank first', async () => {
    const out = await coll
      .find({ $text: { $search: 'quyet dinh' } }, { projection: { score: { $meta: 'textScore' }, title: 1 } })
      .sort({ score: { $meta: 'textScore' } })
      .toArray();
    const scores = out.map((d) => (d as unknown as { score: number }).score);
    expect(out[0]!._id).to.equal(5);
    expect(out.at(-1)!._id).to.equal(3);
    expect(scores.every((s) => typeof s === 'number' && s > 0)).to.equal(true);
    expect([...scores].sort((a, b) => b - a)).to.deep.equal(scores);
  });

  it('when a title hit is weighed against a body hit, then the title wins', async () => {
    const out = await coll
      .find({ $text: { $search: 'huong' } }, { projection: { score: { $meta: 'textScore' } } })
      .sort({ score: { $meta: 'textScore' } })
      .toArray();
    expect(out.map((d) => d._id)).to.deep.equal([3]);
    const luat = await coll
      .find({ $text: { $search: 'luat' } }, { projection: { score: { $meta: 'textScore' } } })
      .sort({ score: { $meta: 'textScore' } })
      .toArray();
    expect(luat.map((d) => d._id)).to.deep.equal([4, 2]);
  });

  it('when an aggregation starts with a $text match, then textScore can be projected, sorted on and grouped', async () => {
    const out = await coll
      .aggregate([
        { $match: { $text: { $search: 'quyet dinh' } } },
        { $project: { kind: 1, score: { $meta: 'textScore' } } },
        { $sort: { score: { $meta: 'textScore' } } },
      ])
      .toArray();
    expect(out[0]!._id).to.equal(5);
    expect(out.map((d) => d.score)).to.deep.equal(out.map((d) => d.score).sort((a: number, b: number) => b - a));
    expect(Object.keys(out[0]!)).to.have.members(['_id', 'kind', 'score']);
    const byKind = await coll
      .aggregate([{ $match: { $text: { $search: 'dinh' } } }, { $group: { _id: '$kind', n: { $sum: 1 } } }, { $sort: { _id: 1 } }])
      .toArray();
    expect(byKind).to.deep.equal([
      { _id: 'nd', n: 1 },
      { _id: 'qd', n: 2 },
      { _id: 'tt', n: 1 },
    ]);
  });

  it('when a Mongoose query searches text, then it returns scored documents', async () => {
    const M = mongoose.models.ConfText ?? mongoose.model('ConfText', new Schema({ _id: Number, title: String, body: String, kind: String }, { autoIndex: false }), 'conf_text');
    const out = await M.find({ $text: { $search: 'thong tu' } }, { score: { $meta: 'textScore' } }).sort({ score: { $meta: 'textScore' } }).lean<Array<{ _id: number; score: number }>>();
    expect(out.map((d) => d._id)).to.deep.equal([3]);
    expect(out[0]!.score).to.be.greaterThan(0);
  });

  it('when $text is used on a collection without a text index, then it fails with IndexNotFound (27)', async () => {
    const plain = await freshCollection('conf_text_plain');
    await plain.insertOne({ title: 'x' });
    const err = await rejects(plain.find({ $text: { $search: 'x' } }).toArray());
    expect(err.code).to.equal(27);
  });
});
