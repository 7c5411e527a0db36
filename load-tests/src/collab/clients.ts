/**
 * Benchmark clients: the stock y-websocket `WebsocketProvider` over the `ws` package, one Y.Doc
 * each, opened in bounded batches and awaited until synced (never a fixed sleep).
 */
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

/** Where clients connect: the y-websocket base URL and the query parameters (Folio's token). */
export interface ClientTarget {
  readonly collabUrl: string;
  readonly params: Record<string, string>;
}

/** One connected client. */
export interface BenchClient {
  readonly provider: WebsocketProvider;
  readonly doc: Y.Doc;
  readonly document: string;
}

/** Close codes of connections that dropped while in use (not closed by us): a run should see none. */
export const unexpectedCloses = new Map<number, number>();
const closing = new WeakSet<WebsocketProvider>();

const CONNECT_BATCH = 50;
const SYNC_TIMEOUT_MS = 60_000;

/** Opens one provider; its first sync happens asynchronously (see `openClients`). */
export function openClient(target: ClientTarget, document: string): BenchClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(target.collabUrl, document, doc, {
    params: target.params,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    // Node has BroadcastChannel: without this, providers in one process would sync directly.
    disableBc: true,
  });
  provider.on('connection-close', (event) => {
    if (closing.has(provider)) return;
    const code = event?.code ?? 0;
    unexpectedCloses.set(code, (unexpectedCloses.get(code) ?? 0) + 1);
  });
  return { provider, doc, document };
}

/** Opens `perDocument` clients on each document, `CONNECT_BATCH` at a time, each batch synced. */
export async function openClients(
  target: ClientTarget,
  documents: readonly string[],
  perDocument: number,
): Promise<BenchClient[][]> {
  const byDocument: BenchClient[][] = documents.map(() => []);
  const plan = documents.flatMap((document, index) =>
    Array.from({ length: perDocument }, () => ({ document, index })),
  );
  for (let start = 0; start < plan.length; start += CONNECT_BATCH) {
    const batch = plan.slice(start, start + CONNECT_BATCH).map(({ document, index }) => {
      const client = openClient(target, document);
      byDocument[index]!.push(client);
      return client;
    });
    await waitUntil(
      () => batch.every((c) => c.provider.synced),
      `${batch.length} clients to sync`,
      SYNC_TIMEOUT_MS,
    );
  }
  return byDocument;
}

/** Disconnects and frees a client (the awareness interval stops only with its own destroy). */
export function closeClient(client: BenchClient): void {
  closing.add(client.provider);
  client.provider.destroy();
  client.provider.awareness.destroy();
  client.doc.destroy();
}

/** Polls `condition` every 10 ms; rejects naming `what` after `timeoutMs`. */
export async function waitUntil(
  condition: () => boolean,
  what: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
