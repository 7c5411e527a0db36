import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

/** A started HTTP server and how to stop it gracefully. */
export interface RunningHttpServer {
  server: Server;
  port: number;
  /** Stops accepting, lets in-flight requests finish, then cuts whatever is still open. */
  close(graceMs: number): Promise<void>;
}

/** Listens on host:port (port 0 picks a free one) and resolves once bound. */
export async function listenHttp(
  app: Express,
  host: string,
  port: number,
): Promise<RunningHttpServer> {
  const server = createServer(app);
  // Bounded header/request time so slow-loris clients cannot hold sockets forever.
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    server,
    port: bound,
    close: (graceMs) =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
