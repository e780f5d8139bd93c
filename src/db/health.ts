import mongoose, { type Connection } from 'mongoose';

/**
 * The database's health as last observed by a ping in the background, so that /healthz
 * answers at once even while the database is busy with long queries: a load balancer
 * must not restart an instance that is slow but well. Down means the driver has lost the
 * connection, or pings have failed (not merely been slow) several times in a row.
 */
export interface HealthMonitor {
  /** Up or down as last seen; the very first call waits for one ping. A lost connection counts at once. */
  up(): Promise<boolean>;
  stop(): void;
}

export interface HealthOptions {
  connection?: Connection;
  intervalMs?: number;
  pingTimeoutMs?: number;
  failuresToDown?: number;
}

export function healthMonitor(opts: HealthOptions = {}): HealthMonitor {
  const conn = opts.connection ?? mongoose.connection;
  const intervalMs = opts.intervalMs ?? 2_000;
  const pingTimeoutMs = opts.pingTimeoutMs ?? 10_000;
  const failuresToDown = opts.failuresToDown ?? 2;
  let observed: { up: boolean; at: number } | undefined;
  let failures = 0;
  let inFlight: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  const connected = () => conn.readyState === mongoose.ConnectionStates.connected && Boolean(conn.db);

  async function ping(): Promise<void> {
    try {
      if (!connected()) throw new Error('not connected');
      let timeout: NodeJS.Timeout | undefined;
      await Promise.race([
        conn.db!.admin().ping(),
        new Promise((_, reject) => (timeout = setTimeout(() => reject(new Error('ping timeout')), pingTimeoutMs))),
      ]).finally(() => clearTimeout(timeout));
      failures = 0;
      observed = { up: true, at: Date.now() };
    } catch {
      failures++;
      observed = { up: connected() && failures < failuresToDown && observed?.up !== false, at: Date.now() };
    }
  }

  // One ping at a time. The slot is freed once the ping has settled and been stored: a ping
  // that fails before its first await (no connection) settles at once, and freeing the slot
  // inside it would come before the slot is taken, leaving it taken for good.
  function probe(): Promise<void> {
    inFlight ??= ping().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  return {
    async up() {
      // The timer never keeps the process alive.
      if (!timer) (timer = setInterval(() => void probe(), intervalMs)).unref();
      if (!observed) await probe();
      if (!connected()) return false;
      return observed!.up;
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}

let shared: HealthMonitor | undefined;

/** The process's monitor of the default connection, started on first use. */
export function defaultHealthMonitor(): HealthMonitor {
  return (shared ??= healthMonitor());
}
