/**
 * Recomputes every count kept on write (rows, rows per recommended action and open
 * threads per submission; submissions per status per campaign; unread notifications per
 * user) and reports where the stored ones differ. Exit code 1 on any drift; `--fix` also repairs it.
 *
 *   npm run check:counts                  (DATA_DIR, app stopped)
 *   EMBEDDED_DB_PORT=27018 npm run check:counts
 *   MONGODB_URI=mongodb://… npm run check:counts -- --fix
 */
import { checkCounts } from '../src/submissions/item.counts.js';
import { migrateSubmissionItems } from '../src/submissions/item.migrate.js';
import { migrateUnreadCounts } from '../src/notifications/unread.counts.js';
import { connectForScript } from './lib/connect.js';

async function main(): Promise<number> {
  const fix = process.argv.includes('--fix');
  const db = await connectForScript();
  try {
    // A data directory the app has not opened since rows moved is migrated first, as the app would.
    await migrateSubmissionItems((line) => process.stdout.write(line + '\n'));
    await migrateUnreadCounts((line) => process.stdout.write(line + '\n'));
    const drift = await checkCounts({ fix });
    for (const d of drift) process.stdout.write(`${d.kind} ${d.id} ${d.field}: stored ${JSON.stringify(d.stored)}, actual ${JSON.stringify(d.actual)}\n`);
    process.stdout.write(drift.length ? `${drift.length} count(s) drifted${fix ? ' (repaired)' : ''}\n` : 'counts: no drift\n');
    return drift.length && !fix ? 1 : 0;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`check:counts failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
