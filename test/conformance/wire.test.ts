import { expect } from 'chai';
import crypto from 'node:crypto';
import net from 'node:net';
import mongoose from 'mongoose';

/** Sends raw bytes to the server and resolves when it closes the connection (or after `waitMs`). */
function send(bytes: Buffer, opts: { end?: boolean; waitMs?: number } = {}): Promise<'closed' | 'open'> {
  const { host, port } = mongoose.connection;
  return new Promise((resolve) => {
    const socket = net.connect({ host, port: Number(port) }, () => {
      socket.write(bytes);
      if (opts.end) socket.end();
    });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve('open');
    }, opts.waitMs ?? 3000);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve('closed');
    });
    socket.on('error', () => {});
  });
}

describe('wire protocol robustness', () => {
  async function stillServing() {
    const reply = await mongoose.connection.db!.admin().ping();
    expect(reply).to.deep.include({ ok: 1 });
  }

  it('when a client sends random bytes, then its connection is closed and others are served', async () => {
    const garbage = crypto.randomBytes(4096);
    garbage.writeInt32LE(-5, 0);
    expect(await send(garbage)).to.equal('closed');
    await stillServing();
  });

  it('when a message header announces 100 MB, then the connection is closed at once', async () => {
    const header = Buffer.alloc(16);
    header.writeInt32LE(100 * 1024 * 1024, 0);
    header.writeInt32LE(2013, 12);
    expect(await send(header)).to.equal('closed');
    await stillServing();
  });

  it('when a message is truncated and the client hangs up, then the server carries on', async () => {
    const header = Buffer.alloc(40);
    header.writeInt32LE(200, 0);
    header.writeInt32LE(2013, 12);
    expect(await send(header, { end: true })).to.equal('closed');
    await stillServing();
  });

  it('when an OP_MSG holds a malformed document, then the connection is closed and others are served', async () => {
    const body = Buffer.alloc(12);
    body.writeInt32LE(9999, 5);
    const header = Buffer.alloc(16);
    header.writeInt32LE(16 + body.length, 0);
    header.writeInt32LE(2013, 12);
    expect(await send(Buffer.concat([header, body]))).to.equal('closed');
    await stillServing();
  });

  it('when a command is unknown, then the reply is CommandNotFound (59)', async () => {
    const err = await mongoose.connection.db!.command({ noSuchCommandHere: 1 }).catch((e: unknown) => e);
    expect(err).to.have.property('code', 59);
    await stillServing();
  });
});
