/** A real HTTP webhook receiver on 127.0.0.1 for the integration tests. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got. */
export interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: string;
  readonly body: {
    id: string;
    event: {
      id: string;
      type: string;
      documentId: string | null;
      payload: Record<string, unknown>;
    };
  };
}

/** The running receiver: what it got, and the statuses it answers with next. */
export interface Receiver {
  readonly url: string;
  readonly received: Received[];
  /** Statuses to answer the next requests with, in order; 200 once used up. */
  readonly script: number[];
  close(): Promise<void>;
}

/** Starts a receiver on an ephemeral loopback port. */
export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const script: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      received.push({
        path: req.url ?? '/',
        headers: req.headers,
        rawBody,
        body: JSON.parse(rawBody) as Received['body'],
      });
      const status = script.shift() ?? 200;
      res.writeHead(status, { 'Content-Type': 'text/plain' }).end(`answered ${status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    script,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
