// npm run bench:reports-http — the consolidated appendix of a national campaign downloaded
// over HTTP, against the raw WordprocessingML floor of the same cells (target ×3). Builds,
// through the app's services (seeded PRNG, as bench:http does), 55 agencies × 176–197 rows
// of which 49 are sent, starts the app as it runs in production, and downloads the appendix
// BENCH_RUNS times (default 5; best run counted), each followed by a build of the floor. BENCH_DATA_DIR keeps the data between runs
// (built on the first); APP_NODE_ARGS passes flags to the app (e.g. --cpu-prof). The last
// line is one JSON object.
import type { ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mongoose from "mongoose";
import { toActor } from "../src/auth/actor.factory.js";
import { CampaignModel } from "../src/campaigns/campaign.model.js";
import { embeddedEngineUri } from "../src/db/connect.js";
import { UserModel } from "../src/users/user.model.js";
import { freePort, login, startApp } from "./lib/http-app.js";
import { buildCampaign, seedPeople, type CampaignSpec } from "./lib/http-seed.js";
import { consolidatedAgainstFloor } from "./lib/reports-http.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ADMIN = "admin@bench.rasoat.vn";
// bench:http's national campaign; the appendix reads no comments or dispositions.
const NATIONAL: CampaignSpec = { title: "Rà soát VBQPPL phục vụ Đề án 06 — toàn quốc", seed: 0x06, rowsMin: 176, rowsMax: 197, comments: 0, dispositions: 0, accepted: 10, changesRequested: 10, drafts: 6 };
const log = (s: string) => console.log(s);

const kept = process.env.BENCH_DATA_DIR;
const dir = kept ?? (await mkdtemp(join(tmpdir(), "rasoat-bench-appendix-")));
if (kept) await mkdir(kept, { recursive: true });
const fresh = (await readdir(dir)).length === 0;
const [port, dbPort] = [await freePort(), await freePort()];
let app: ChildProcess | undefined;
try {
  app = await startApp(dir, port, dbPort, (process.env.APP_NODE_ARGS ?? "").split(" ").filter(Boolean));
  const base = new URL(`http://127.0.0.1:${port}`);
  await mongoose.connect(embeddedEngineUri(dir, dbPort));
  if (fresh) {
    log(`appendix over HTTP: building the campaign through the services (data in ${dir})`);
    const t0 = performance.now();
    await buildCampaign(await seedPeople(55), NATIONAL, log);
    log(`  built in ${Math.round((performance.now() - t0) / 1000)} s`);
  }
  const campaign = (await CampaignModel.findOne({ title: NATIONAL.title }, { _id: 1 }).lean())!;
  const admin = toActor((await UserModel.findOne({ email: ADMIN }).lean())!, "bo-tu-phap", "127.0.0.1", "session");
  const t = await consolidatedAgainstFloor(base, campaign._id.toString(), { cookie: await login(base, ADMIN) }, admin, RUNS, app.pid);
  const ratio = Math.round((t.httpMs / t.floorMs) * 100) / 100;
  log(`consolidated appendix, ${t.rows.toLocaleString("en")} rows × ${t.columns} columns, ${(t.bytes / 1e6).toFixed(1)} MB:`);
  log(`  over HTTP   ${t.httpMs} ms   (runs: ${t.httpRuns.join(", ")} ms; the app's CPU: ${t.httpCpuRuns.join(", ")} ms)`);
  log(`  raw floor   ${t.floorMs} ms   (runs: ${t.floorRuns.join(", ")} ms; CPU: ${t.floorCpuRuns.join(", ")} ms)`);
  log(`  HTTP / raw floor ×${ratio} (target ×3)`);
  console.log(JSON.stringify({ rows: t.rows, consolidatedHttpMs: t.httpMs, consolidatedRawFloorMs: t.floorMs, consolidatedHttpToRawFloor: ratio }));
} finally {
  await mongoose.disconnect().catch(() => {});
  if (app) {
    app.kill("SIGTERM");
    await new Promise((r) => app!.once("exit", r));
  }
  if (!kept) await rm(dir, { recursive: true, force: true });
}
