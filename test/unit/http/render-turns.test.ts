import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { inTurn } from '../../../src/http/render-turns.js';

/** Holds the thread as drawing a large page does. */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('pages drawn one per turn of the event loop', () => {
  let server: http.Server;
  let agent: http.Agent;
  let base: string;
  let drawn = 0;
  let drawnWhenAnswered = -1;

  before(async () => {
    server = http.createServer((_req, res) => {
      drawnWhenAnswered = drawn;
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  });

  after(async () => {
    agent.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  const ask = () =>
    new Promise<void>((resolve, reject) => {
      http.get(`${base}/healthz`, { agent }, (res) => res.resume().on('end', () => resolve())).on('error', reject);
    });

  it('when five slow pages are waiting to be drawn, then a request that arrives meanwhile is answered after at most one of them, and all five are drawn in order', async () => {
    // The connection is open first, so that the request below is only bytes on a socket.
    await ask();
    const order: number[] = [];
    const done = new Promise<void>((resolve) => {
      for (let i = 1; i <= 5; i++) {
        inTurn(() => {
          busy(30);
          order.push(i);
          drawn = i;
          if (i === 5) resolve();
        });
      }
    });
    const answered = ask();
    await Promise.all([done, answered]);
    expect(order).to.deep.equal([1, 2, 3, 4, 5]);
    expect(drawnWhenAnswered).to.be.at.most(1);
  });
});
