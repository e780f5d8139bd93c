import { expect } from 'chai';
import mongoose from 'mongoose';
import { attachmentBucket, BUCKET } from '../../../src/attachments/attachment.storage.js';
import { sweepPendingUploads } from '../../../src/attachments/upload.sweep.js';
import { resetDatabase } from '../../support/hooks.js';

async function storeFile(name: string, pending: boolean, ageMs: number): Promise<mongoose.Types.ObjectId> {
  const stream = attachmentBucket().openUploadStream(name, { metadata: { pending } });
  await new Promise<void>((resolve, reject) => stream.end(Buffer.alloc(1000, 7), (err?: Error | null) => (err ? reject(err) : resolve())));
  const id = stream.id as mongoose.Types.ObjectId;
  await mongoose.connection.db!.collection(`${BUCKET}.files`).updateOne({ _id: id }, { $set: { uploadDate: new Date(Date.now() - ageMs) } });
  return id;
}

describe('uploads cut off by a crash', () => {
  beforeEach(() => resetDatabase());

  it('when a file has stayed pending for hours, then the sweep removes it and its chunks; fresh and confirmed files stay', async () => {
    const old = await storeFile('old', true, 7 * 3600_000);
    const fresh = await storeFile('fresh', true, 60_000);
    const kept = await storeFile('kept', false, 7 * 3600_000);
    expect(await sweepPendingUploads()).to.equal(1);
    const db = mongoose.connection.db!;
    const files = (await db.collection(`${BUCKET}.files`).find().toArray()).map((f) => String(f._id));
    expect(files).to.have.members([String(fresh), String(kept)]);
    expect(await db.collection(`${BUCKET}.chunks`).countDocuments({ files_id: old })).to.equal(0);
    expect(await db.collection(`${BUCKET}.chunks`).countDocuments({ files_id: kept })).to.equal(1);
  });
});
