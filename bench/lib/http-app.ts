// Starting the app as it runs in production on a data directory, and a browser's session
// on it, for the benchmarks that measure it over HTTP.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import net from "node:net";
import { get, percentile } from "./http-load.js";
import { PASSWORD } from "./http-seed.js";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

export async function startApp(dir: string, port: number, dbPort: number, nodeArgs: readonly string[] = []): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "src/server.ts"], {
    env: { ...process.env, DATA_DIR: dir, PORT: String(port), HOST: "127.0.0.1", EMBEDDED_DB_PORT: String(dbPort), NODE_ENV: "production", LOG_LEVEL: "warn", MONGODB_URI: "" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const base = new URL(`http://127.0.0.1:${port}`);
  const agent = new http.Agent();
  for (let i = 0; i < 600; i++) {
    const ok = await get(agent, base, "/healthz").then((r) => r.status === 200, () => false);
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("the app did not start");
}

/** A browser session: the login form with its CSRF token, then the session cookie. */
export async function login(base: URL, email: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (h: string[] | undefined) => h?.forEach((c) => { const [kv] = c.split(";"); const i = kv!.indexOf("="); jar.set(kv!.slice(0, i), kv!.slice(i + 1)); });
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const page = await new Promise<string>((resolve, reject) => http.get(new URL("/login", base), (res) => { keep(res.headers["set-cookie"]); let b = ""; res.on("data", (c) => (b += c)); res.on("end", () => resolve(b)); }).on("error", reject));
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
  const body = new URLSearchParams({ email, password: PASSWORD, _csrf: csrf }).toString();
  await new Promise<void>((resolve, reject) => {
    const req = http.request(new URL("/login", base), { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie(), "content-length": Buffer.byteLength(body) } }, (res) => {
      keep(res.headers["set-cookie"]);
      if (res.statusCode !== 302) reject(new Error(`login ${email}: ${res.statusCode}`));
      res.resume().on("end", () => resolve());
    });
    req.on("error", reject);
    req.end(body);
  });
  return cookie();
}

/** The median time of `times` requests one after the other (each must answer 200), after `warmUp` not counted. */
export async function single(base: URL, path: string, headers: Record<string, string>, times = 5, warmUp = 0): Promise<number> {
  const agent = new http.Agent({ keepAlive: true });
  const ms: number[] = [];
  for (let i = 0; i < warmUp + times; i++) {
    const r = await get(agent, base, path, headers);
    if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
    if (i >= warmUp) ms.push(r.ms);
  }
  agent.destroy();
  return percentile(ms.sort((a, b) => a - b), 50);
}

/**
 * The same, asked from a fresh process: a bench that has just built a campaign through the
 * services holds that garbage, and its collections would be timed as the server's.
 */
export function singleApart(base: URL, path: string, headers: Record<string, string>, times = 5, warmUp = 0): Promise<number> {
  const args = ["--import", "tsx", new URL("./single.child.ts", import.meta.url).pathname, base.href, path, JSON.stringify(headers), String(times), String(warmUp)];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, (err, stdout) => (err ? reject(err) : resolve(Number(stdout.trim()))));
  });
}
