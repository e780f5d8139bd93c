import mongoose from 'mongoose';

/**
 * The database's health as last observed by a ping in the background, so that /healthz
 * answers at once even while the database is busy with long queries: a load balancer
 * must not restart an instance that is slow but well. Down means the driver has lost the
 * connection, or pings have failed (not merely been slow) several times in a row.
 */
const INTERVAL_MS = 2_000;
const PING_TIMEOUT_MS = 10_000;
const FAILURES_TO_DOWN = 2;

interface Observed {
  up: boolean;
  at: number;
}

let observed: Observed | undefined;
let failures = 0;
let inFlight: Promise<void> | undefined;
let timer: NodeJS.Timeout | undefined;

function connected(): boolean {
  return mongoose.connection.readyState === mongoose.ConnectionStates.connected && Boolean(mongoose.connection.db);
}

function probe(): Promise<void> {
  inFlight ??= (async () => {
    try {
      if (!connected()) throw new Error('not connected');
      await Promise.race([
        mongoose.connection.db!.admin().ping(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('ping timeout')), PING_TIMEOUT_MS).unref()),
      ]);
      failures = 0;
      observed = { up: true, at: Date.now() };
    } catch {
      failures++;
      observed = { up: connected() && failures < FAILURES_TO_DOWN && observed?.up !== false, at: Date.now() };
    } finally {
      inFlight = undefined;
    }
  })();
  return inFlight;
}

/** Starts the background ping once per process; the timer never keeps the process alive. */
function ensureStarted(): void {
  if (timer) return;
  timer = setInterval(() => void probe(), INTERVAL_MS);
  timer.unref();
}

/** Up or down as last seen; the very first call waits for one ping. A lost connection counts at once. */
export async function databaseUp(): Promise<boolean> {
  ensureStarted();
  if (!observed) await probe();
  if (!connected()) return false;
  return observed!.up;
}

export function stopHealthProbe(): void {
  if (timer) clearInterval(timer);
  timer = undefined;
}
