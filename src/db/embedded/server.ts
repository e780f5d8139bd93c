import net from 'node:net';
import type { Engine } from './engine.js';
import { connectionHandler, type WireOptions } from './wire/connection.js';

export type ServeOptions = Omit<WireOptions, 'execute'>;

/**
 * Serves the wire protocol. Each connection answers its requests in order;
 * anything that cannot be a valid message closes that connection only.
 */
export function serve(engine: Engine, host: string, port: number, opts: ServeOptions): Promise<net.Server> {
  const { handle, sockets } = connectionHandler({ ...opts, execute: (req) => engine.execute(req) });
  const server = net.createServer(handle);
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
