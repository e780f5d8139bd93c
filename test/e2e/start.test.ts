import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { embeddedEngineUri } from '../../src/db/connect.js';
import { startApp } from './support/app-process.js';

/** `npm start` as a new user meets it: a real process on the embedded engine. */
describe('starting the app on a fresh machine', function () {
  this.timeout(90_000);
  let dataDir: string;
  before(function () {
    if (process.env.MONGODB_URI) this.skip();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rasoat-start-'));
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('when started on an empty folder, then /healthz answers within 15 s and the log leads to a setup link; a restart keeps the data', async () => {
    const started = Date.now();
    const app = await startApp({ DATA_DIR: dataDir });
    const elapsed = Date.now() - started;
    try {
      const health = await (await fetch(`${app.baseUrl}/healthz`)).json();
      expect(health).to.deep.equal({ status: 'ok', db: 'embedded' });
      expect(elapsed, 'seconds to /healthz').to.be.below(15_000);
      expect(app.output()).to.match(/embedded engine/);
      const link = /(http:\/\/\S+\/setup\/\S+)/.exec(app.output())?.[1];
      expect(link, 'setup link in the log').to.be.a('string');
      const page = await fetch(link!);
      expect(page.status).to.equal(200);
    } finally {
      await app.stop();
    }

    const again = await startApp({ DATA_DIR: dataDir });
    try {
      const client = new mongoose.mongo.MongoClient(embeddedEngineUri(dataDir, again.dbPort));
      await client.connect();
      try {
        const agencies = await client.db('rasoat').collection('agencies').countDocuments();
        expect(agencies).to.equal(56);
        expect(again.output()).not.to.match(/added from the official list/);
      } finally {
        await client.close();
      }
    } finally {
      await again.stop();
    }
  });
});
