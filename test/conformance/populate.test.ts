import { expect } from 'chai';
import mongoose, { Schema, Types } from 'mongoose';

interface Agency { name: string }
interface Author { name: string; agency: Types.ObjectId }
interface Tag { label: string }
interface Post { title: string; author: Types.ObjectId; reviewer?: Types.ObjectId | null; tags: Types.ObjectId[] }

const Agency = mongoose.model<Agency>('ConfPopAgency', new Schema<Agency>({ name: String }), 'conf_pop_agencies');
const Author = mongoose.model<Author>('ConfPopAuthor', new Schema<Author>({ name: String, agency: { type: Schema.Types.ObjectId, ref: 'ConfPopAgency' } }), 'conf_pop_authors');
const Tag = mongoose.model<Tag>('ConfPopTag', new Schema<Tag>({ label: String }), 'conf_pop_tags');
const postSchema = new Schema<Post>({
  title: String,
  author: { type: Schema.Types.ObjectId, ref: 'ConfPopAuthor' },
  reviewer: { type: Schema.Types.ObjectId, ref: 'ConfPopAuthor' },
  tags: [{ type: Schema.Types.ObjectId, ref: 'ConfPopTag' }],
});
const Post = mongoose.model<Post>('ConfPopPost', postSchema, 'conf_pop_posts');

describe('conformance: populate', () => {
  let bo: mongoose.HydratedDocument<Agency>;
  let an: mongoose.HydratedDocument<Author>;
  let binh: mongoose.HydratedDocument<Author>;
  let tags: Array<mongoose.HydratedDocument<Tag>>;

  beforeEach(async () => {
    await Promise.all([Agency, Author, Tag, Post].map((m) => (m as mongoose.Model<unknown>).deleteMany({})));
    bo = await Agency.create({ name: 'Bộ Tư pháp' });
    [an, binh] = await Author.create([
      { name: 'An', agency: bo._id },
      { name: 'Bình', agency: bo._id },
    ]) as [mongoose.HydratedDocument<Author>, mongoose.HydratedDocument<Author>];
    tags = await Tag.create([{ label: 'luật' }, { label: 'nghị định' }, { label: 'thông tư' }]);
    await Post.create([
      { title: 'P1', author: an._id, reviewer: binh._id, tags: [tags[0]!._id, tags[2]!._id] },
      { title: 'P2', author: binh._id, reviewer: null, tags: [] },
    ]);
  });

  it('when a single ref and an array of refs are populated, then both are replaced by their documents in order', async () => {
    const p = await Post.findOne({ title: 'P1' }).populate<{ author: Author; tags: Tag[] }>(['author', 'tags']).orFail();
    expect(p.author.name).to.equal('An');
    expect(p.tags.map((t) => t.label)).to.deep.equal(['luật', 'thông tư']);
  });

  it('when two paths point to the same model, then each gets its own document', async () => {
    const p = await Post.findOne({ title: 'P1' }).populate<{ author: Author; reviewer: Author }>('author reviewer').orFail();
    expect(p.author.name).to.equal('An');
    expect(p.reviewer.name).to.equal('Bình');
  });

  it('when a ref is null or the array is empty, then population leaves null and []', async () => {
    const p = await Post.findOne({ title: 'P2' }).populate<{ reviewer: Author | null; tags: Tag[] }>('reviewer tags').orFail();
    expect(p.reviewer).to.equal(null);
    expect(p.tags).to.deep.equal([]);
  });

  it('when population is nested, then the ref of the ref is filled too', async () => {
    const p = await Post.findOne({ title: 'P1' })
      .populate<{ author: { name: string; agency: Agency } }>({ path: 'author', populate: { path: 'agency' } })
      .orFail();
    expect(p.author.agency.name).to.equal('Bộ Tư pháp');
  });

  it('when populate selects fields and matches, then only those fields and matching refs come back', async () => {
    const p = await Post.findOne({ title: 'P1' })
      .populate<{ tags: Tag[] }>({ path: 'tags', select: 'label -_id', match: { label: { $ne: 'luật' } } })
      .lean()
      .orFail();
    expect(p.tags).to.deep.equal([{ label: 'thông tư' }]);
  });

  it('when many posts are populated at once, then each gets its own author', async () => {
    const posts = await Post.find().sort({ title: 1 }).populate<{ author: Author }>('author').lean();
    expect(posts.map((p) => p.author.name)).to.deep.equal(['An', 'Bình']);
  });

  it('when a referenced document was deleted, then the single ref populates to null', async () => {
    await Author.deleteOne({ _id: an._id });
    const p = await Post.findOne({ title: 'P1' }).populate<{ author: Author | null }>('author').orFail();
    expect(p.author).to.equal(null);
  });
});
