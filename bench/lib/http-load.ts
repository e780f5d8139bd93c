// A small closed-loop load generator: N connections kept alive, each sending the next
// request as soon as the previous answer has been read in full.
import http from "node:http";

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  non200: number;
  bytes: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

export function get(agent: http.Agent, base: URL, path: string, headers: Record<string, string> = {}): Promise<{ status: number; ms: number; bytes: number; body: Buffer }> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get({ agent, host: base.hostname, port: base.port, path, headers: { "accept-encoding": "gzip", ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, ms: performance.now() - start, bytes: body.length, body });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

export async function drive(base: URL, path: string, opts: { connections: number; seconds: number; headers?: Record<string, string> }): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
  const latencies: number[] = [];
  let non200 = 0;
  let bytes = 0;
  const end = performance.now() + opts.seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: opts.connections }, async () => {
      while (performance.now() < end) {
        const r = await get(agent, base, path, opts.headers).catch(() => ({ status: 0, ms: 0, bytes: 0 }));
        latencies.push(r.ms);
        bytes += r.bytes;
        if (r.status !== 200) non200++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, rps: round(latencies.length / elapsed), p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)), non200, bytes };
}

/** One connection asking every `everyMs` while something else runs; stop() gives the latencies. */
export function probe(base: URL, path: string, everyMs: number): { stop(): Promise<{ latencies: number[]; non200: number }> } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  let non200 = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const r = await get(agent, base, path).catch(() => ({ status: 0, ms: 0 }));
      latencies.push(r.ms);
      if (r.status !== 200) non200++;
      await new Promise((res) => setTimeout(res, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      agent.destroy();
      return { latencies: latencies.sort((a, b) => a - b), non200 };
    },
  };
}
