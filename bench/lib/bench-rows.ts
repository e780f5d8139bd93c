import mongoose from 'mongoose';

/** The benchmark's rows: a unique code, an agency and a number, both indexed, and a title that is not. */
export const Row = mongoose.model(
  'BenchRow',
  new mongoose.Schema({
    code: { type: String, required: true, unique: true },
    agency: { type: String, index: true },
    title: String,
    n: { type: Number, index: true },
    createdAt: Date,
  }),
);

export function rows(count: number, prefix: string, from = 0) {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    return {
      code: `${prefix}-${i}`,
      agency: `co-quan-${i % 56}`,
      title: `Nghị định số ${i}/2024/NĐ-CP về quản lý dân cư và định danh điện tử`,
      n: i,
      createdAt: new Date(),
    };
  });
}

/** Replaces the rows by `count` new ones, written 100k per insertMany as an import would; returns the milliseconds. */
export async function timeInsert(count: number, prefix: string): Promise<number> {
  await Row.deleteMany({});
  const CHUNK = 100_000;
  let ms = 0;
  for (let from = 0; from < count; from += CHUNK) {
    const docs = rows(Math.min(CHUNK, count - from), prefix, from);
    const start = performance.now();
    await Row.insertMany(docs, { lean: true });
    ms += performance.now() - start;
  }
  return ms;
}
