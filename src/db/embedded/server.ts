import net from 'node:net';
import type { Engine } from './engine.js';
import { encodeReply, FrameReader, parseFrame } from './wire/protocol.js';

/**
 * Serves the wire protocol. Each connection answers its requests in order;
 * anything that cannot be a valid message closes that connection only.
 */
export function serve(engine: Engine, host: string, port: number): Promise<net.Server> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    const reader = new FrameReader();
    let chain = Promise.resolve();
    socket.on('data', (chunk) => {
      let frames;
      try {
        frames = reader.push(chunk);
      } catch {
        socket.destroy();
        return;
      }
      for (const frame of frames) {
        chain = chain.then(async () => {
          if (socket.destroyed) return;
          let req;
          try {
            req = parseFrame(frame);
          } catch {
            socket.destroy();
            return;
          }
          const reply = await engine.execute(req);
          if (!req.moreToCome && !socket.destroyed) socket.write(encodeReply(req, reply));
        });
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('close', () => sockets.forEach((s) => s.destroy()));
  (server as net.Server & { sockets?: Set<net.Socket> }).sockets = sockets;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

export function closeServer(server: net.Server): Promise<void> {
  const sockets = (server as net.Server & { sockets?: Set<net.Socket> }).sockets;
  sockets?.forEach((s) => s.destroy());
  return new Promise((resolve) => server.close(() => resolve()));
}
