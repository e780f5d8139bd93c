import { expect } from 'chai';
import mongoose, { type Connection } from 'mongoose';
import net from 'node:net';
import request from 'supertest';
import { healthMonitor, type HealthMonitor } from '../../../src/db/health.js';
import { makeApp } from '../../factories/index.js';
import { testDatabase } from '../../support/hooks.js';

/**
 * A real TCP hop between the app's connection and the test database, which can hold back
 * the database's answers (a slow database) or drop every connection and refuse new ones
 * (an unreachable database), then let them through again.
 */
class Hop {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private held = false;
  private readonly heldBack: (() => void)[] = [];
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async open(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.on('data', (chunk) => upstream.write(chunk));
      upstream.on('data', (chunk) => (this.held ? this.heldBack.push(() => client.write(chunk)) : client.write(chunk)));
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  hold(): void {
    this.held = true;
  }

  release(): void {
    this.held = false;
    for (const send of this.heldBack.splice(0)) send();
  }

  async cut(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server!.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }
}

function hostOf(uri: string): { host: string; port: number } {
  const u = new URL(uri.replace(/^mongodb(\+srv)?:/, 'http:'));
  return { host: u.hostname, port: Number(u.port || 27017) };
}

function throughHop(uri: string, port: number): string {
  const u = new URL(uri.replace(/^mongodb:/, 'http:'));
  u.host = `127.0.0.1:${port}`;
  u.searchParams.set('directConnection', 'true');
  return u.toString().replace(/^http:/, 'mongodb:');
}

async function until(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe('/healthz', function () {
  this.timeout(60_000);
  let hop: Hop;
  let conn: Connection;
  let monitor: HealthMonitor;

  beforeEach(async function () {
    // A mongodb+srv address names no single host to stand between.
    if (testDatabase().uri.startsWith('mongodb+srv:')) this.skip();
    hop = new Hop(hostOf(testDatabase().uri));
    await hop.open();
    conn = await mongoose.createConnection(throughHop(testDatabase().uri, hop.port), {
      dbName: mongoose.connection.name, serverSelectionTimeoutMS: 1_000, heartbeatFrequencyMS: 500, socketTimeoutMS: 0,
    }).asPromise();
    monitor = healthMonitor({ connection: conn, intervalMs: 200, pingTimeoutMs: 1_000 });
  });

  afterEach(async () => {
    monitor?.stop();
    hop?.release();
    await conn?.close(true).catch(() => {});
    await hop?.cut().catch(() => {});
  });

  it('answers 503 while the database is unreachable and 200 again once it is back', async () => {
    const app = makeApp({ health: monitor });
    const ok = await request(app).get('/healthz');
    expect(ok.status).to.equal(200);
    expect(ok.body.status).to.equal('ok');

    await hop.cut();
    expect(await until(async () => (await request(app).get('/healthz')).status === 503, 15_000), 'never 503 while unreachable').to.equal(true);
    const down = await request(app).get('/healthz');
    expect(down.status).to.equal(503);
    expect(down.body).to.deep.equal({ status: 'unavailable', db: testDatabase().kind });

    await hop.open();
    const back = await until(async () => (await request(app).get('/healthz')).status === 200, 30_000);
    expect(back, `never 200 after the database came back (driver state ${conn.readyState})`).to.equal(true);
    expect(await conn.db!.collection('agencies').countDocuments()).to.be.a('number');
  });

  it('keeps pinging after a ping found no connection at all, and sees the connection back', async () => {
    const own = await mongoose.createConnection(testDatabase().uri, { dbName: mongoose.connection.name }).asPromise();
    const watch = healthMonitor({ connection: own, intervalMs: 50, pingTimeoutMs: 1_000 });
    try {
      expect(await watch.up()).to.equal(true);
      await own.close();
      // Pings run while the connection is closed…
      await new Promise((r) => setTimeout(r, 300));
      expect(await watch.up()).to.equal(false);
      await own.openUri(testDatabase().uri, { dbName: mongoose.connection.name });
      // …and the ones after them see it open again.
      expect(await until(() => watch.up(), 5_000), 'never up again after reconnecting').to.equal(true);
    } finally {
      watch.stop();
      await own.close(true).catch(() => {});
    }
  });

  it('answers at once while a query waits on a slow database, without turning unhealthy', async () => {
    const app = makeApp({ health: monitor });
    expect((await request(app).get('/healthz')).status).to.equal(200);
    hop.hold();
    let answered = false;
    const slow = conn.db!.collection('agencies').find({}).toArray().then(() => (answered = true));
    const health = await request(app).get('/healthz');
    expect(health.status).to.equal(200);
    expect(answered, 'the query should still be waiting').to.equal(false);
    hop.release();
    await slow;
    expect(answered).to.equal(true);
  });
});
