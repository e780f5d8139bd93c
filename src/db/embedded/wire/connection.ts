import type { Document } from 'bson';
import type net from 'node:net';
import { CommandError } from '../errors.js';
import { ScramConversation, type ScramVerifier } from './auth.js';
import { encodeReply, FrameReader, parseFrame, RequestError, type Frame, type Request } from './protocol.js';

export interface WireLimits {
  /** Connections served at once; more are closed with a log line. */
  maxConnections: number;
  /** A message begun must be complete within this time, or the connection is closed. */
  frameTimeoutMs: number;
  /**
   * A connection that has not logged in is closed after this long without a
   * message. Not a deadline: the driver's monitoring connections never log in
   * and say hello every few seconds.
   */
  unauthenticatedIdleMs: number;
  /** Bytes of incomplete and queued messages held over all connections. */
  maxBufferedBytes: number;
  /** Bytes of messages queued on one connection before it stops being read. */
  maxQueuedPerConnection: number;
}

export const DEFAULT_LIMITS: WireLimits = {
  maxConnections: 1000,
  frameTimeoutMs: 30_000,
  unauthenticatedIdleMs: 60_000,
  maxBufferedBytes: 256 * 1024 * 1024,
  maxQueuedPerConnection: 64 * 1024 * 1024,
};

export interface WireOptions {
  execute(req: Request): Promise<Document | Buffer>;
  /** The login clients must present; without one every client is trusted. */
  verifier?: ScramVerifier;
  limits?: Partial<WireLimits>;
  log(line: string): void;
}

/** What a client may send before it has logged in, as with mongod. */
const BEFORE_LOGIN = new Set(['hello', 'ismaster', 'ping', 'buildinfo', 'saslstart', 'saslcontinue']);

/**
 * Serves the wire protocol on accepted sockets: one request at a time per
 * connection, with the memory, time and connection limits above, and
 * SCRAM-SHA-256 before any command that reads or writes data. Nothing a
 * client sends can throw out of here; at worst its own connection is closed.
 */
export function connectionHandler(opts: WireOptions) {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const sockets = new Set<net.Socket>();
  let buffered = 0;
  let lastCapLog = 0;

  const handle = (socket: net.Socket) => {
    socket.on('error', () => socket.destroy());
    if (sockets.size >= limits.maxConnections) {
      if (Date.now() - lastCapLog > 10_000) {
        lastCapLog = Date.now();
        opts.log(`Embedded database: refused a connection from ${socket.remoteAddress}: ${sockets.size} connections open, the limit is ${limits.maxConnections}`);
      }
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.setNoDelay(true);
    const reader = new FrameReader();
    let held = 0;
    let queued = 0;
    let chain = Promise.resolve();
    let frameTimer: NodeJS.Timeout | undefined;
    let conversation: ScramConversation | undefined;
    let authenticated = !opts.verifier;
    let idleTimer: NodeJS.Timeout | undefined;
    const watchIdle = () => {
      clearTimeout(idleTimer);
      if (!authenticated) idleTimer = setTimeout(() => socket.destroy(), limits.unauthenticatedIdleMs).unref();
    };
    watchIdle();

    const account = (bytes: number) => {
      buffered += bytes - held;
      held = bytes;
    };
    const close = () => {
      clearTimeout(frameTimer);
      clearTimeout(idleTimer);
      account(0);
      queued = 0;
      sockets.delete(socket);
    };
    socket.on('close', close);

    const serve = async (frame: Frame) => {
      if (socket.destroyed) return;
      let req: Request;
      try {
        req = parseFrame(frame);
      } catch (err) {
        if (err instanceof RequestError) socket.write(encodeReply({ requestId: frame.requestId, legacy: err.legacy } as Request, err.reply));
        else socket.destroy();
        return;
      }
      const reply = await answer(req);
      if (!req.moreToCome && !socket.destroyed) socket.write(encodeReply(req, reply));
    };

    const answer = async (req: Request): Promise<Document | Buffer> => {
      const name = (Object.keys(req.command)[0] ?? '').toLowerCase();
      if (!authenticated) {
        try {
          if (name === 'saslstart') return (conversation = new ScramConversation(opts.verifier!)).start(req.command);
          if (name === 'saslcontinue') {
            if (!conversation) throw new CommandError(17, 'ProtocolError', 'No SASL session state found');
            const reply = conversation.continue(req.command);
            if (conversation.authenticated) {
              authenticated = true;
              clearTimeout(idleTimer);
            }
            return reply;
          }
        } catch (err) {
          conversation = undefined;
          if (err instanceof CommandError) return err.toReply();
          throw err;
        }
        if (!BEFORE_LOGIN.has(name)) {
          return new CommandError(13, 'Unauthorized', `Command ${Object.keys(req.command)[0]} requires authentication`).toReply();
        }
      } else if (name === 'saslstart' || name === 'saslcontinue') {
        // Already logged in (the driver may re-authenticate a pooled connection): same answers.
        if (name === 'saslstart') return (conversation = new ScramConversation(opts.verifier!)).start(req.command);
        return conversation ? conversation.continue(req.command) : new CommandError(17, 'ProtocolError', 'No SASL session state found').toReply();
      }
      const reply = await opts.execute(req);
      if ((name === 'hello' || name === 'ismaster') && opts.verifier && req.command.saslSupportedMechs && !Buffer.isBuffer(reply)) {
        return { ...reply, saslSupportedMechs: ['SCRAM-SHA-256'] };
      }
      return reply;
    };

    socket.on('data', (chunk: Buffer) => {
      let frames: Frame[];
      try {
        frames = reader.push(chunk);
      } catch {
        socket.destroy();
        return;
      }
      account(reader.pending);
      watchIdle();
      if (buffered > limits.maxBufferedBytes) {
        opts.log(`Embedded database: closed a connection from ${socket.remoteAddress}: incoming messages hold more than ${limits.maxBufferedBytes >> 20} MB`);
        socket.destroy();
        return;
      }
      clearTimeout(frameTimer);
      frameTimer = reader.pending ? setTimeout(() => socket.destroy(), limits.frameTimeoutMs).unref() : undefined;
      for (const frame of frames) {
        const size = frame.message.length;
        queued += size;
        if (queued > limits.maxQueuedPerConnection) socket.pause();
        chain = chain
          .then(() => serve(frame))
          .catch((err: unknown) => {
            opts.log(`Embedded database: closed a connection after an internal error: ${(err as Error).stack ?? String(err)}`);
            socket.destroy();
          })
          .finally(() => {
            queued -= size;
            if (queued <= limits.maxQueuedPerConnection && socket.isPaused() && !socket.destroyed) socket.resume();
          });
      }
    });
  };
  return { handle, sockets };
}
