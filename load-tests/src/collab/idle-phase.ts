/**
 * The idle phase: K synced, silent connections spread over a few documents, and what they cost
 * the server in memory (after a forced GC) and in CPU to connect. Run on a fresh server process.
 */
import {
  closeClient,
  openClients,
  unexpectedCloses,
  type BenchClient,
  type ClientTarget,
} from './clients.js';
import { processCpuSeconds } from './proc.js';
import type { ServerProcess } from './servers.js';

export interface IdleResult {
  readonly connections: number;
  readonly documents: number;
  readonly connectSeconds: number;
  /** Server CPU from the first connect until every client synced, per connection. */
  readonly serverCpuPerConnectMs: number;
  readonly before: MemoryFigures;
  readonly after: MemoryFigures;
  /** Growth per connection: (after − before) ÷ K. Includes one-time costs still being paid. */
  readonly perConnection: MemoryFigures;
  /** The same process once the K idle clients closed (anchors still connected). */
  readonly afterClose: MemoryFigures;
  /**
   * Held per connection: (after − afterClose) ÷ K, what the connections themselves keep and give
   * back when they go. Code the JIT compiled while they connected stays, so it is not in here.
   */
  readonly heldPerConnection: MemoryFigures;
  readonly closes: Record<string, number>;
}

export interface MemoryFigures {
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  /** The part of heapUsedBytes that is JIT-compiled machine code (probe-protocol.ts). */
  readonly codeBytes: number;
  /** Memory outside the V8 heap held by JS objects (Buffers, ArrayBuffers). */
  readonly externalBytes: number;
}

/**
 * One anchor client per document first (so the rooms exist and their cost is not counted), a
 * warm-up burst of the same size that connects and leaves, then `perDocument` idle clients each; memory is read
 * before and after them, and once more after they closed, each time after a forced GC on a quiet
 * server.
 */
export async function idlePhase(
  server: ServerProcess,
  target: ClientTarget,
  documents: readonly string[],
  perDocument: number,
): Promise<IdleResult> {
  unexpectedCloses.clear();
  const opened: BenchClient[] = [];
  try {
    opened.push(...(await openClients(target, documents, 1)).flat());
    // A first burst of connects JIT-compiles the handshake and sync paths and grows pools (Folio's
    // database pool, for one); that one-time cost is not per connection, so it happens before.
    // It is as large as the measured burst: V8 keeps optimizing hot paths for thousands of calls,
    // and that code lands in the heap figures (a fifth-size warm-up left ~0.6 KiB per connection
    // of Folio's "heap used" as machine code, a heap-snapshot diff showed).
    const warmUp = (await openClients(target, documents, perDocument)).flat();
    for (const client of warmUp) closeClient(client);
    await quiet(server);
    const before = memory(await server.sample({ gc: true }));
    const cpuBefore = processCpuSeconds(server.pid) ?? NaN;
    const startedAt = performance.now();
    const idle = (await openClients(target, documents, perDocument)).flat();
    opened.push(...idle);
    const connectSeconds = (performance.now() - startedAt) / 1000;
    const cpuAfter = processCpuSeconds(server.pid) ?? NaN;
    await quiet(server);
    const after = memory(await server.sample({ gc: true }));
    const per = (a: number, b: number) => (b - a) / idle.length;
    const closes = Object.fromEntries(unexpectedCloses);
    for (const client of idle) closeClient(client);
    opened.splice(opened.length - idle.length);
    await quiet(server);
    const afterClose = memory(await server.sample({ gc: true }));
    return {
      connections: idle.length,
      documents: documents.length,
      connectSeconds,
      serverCpuPerConnectMs: ((cpuAfter - cpuBefore) * 1000) / idle.length,
      before,
      after,
      perConnection: {
        rssBytes: per(before.rssBytes, after.rssBytes),
        heapUsedBytes: per(before.heapUsedBytes, after.heapUsedBytes),
        codeBytes: per(before.codeBytes, after.codeBytes),
        externalBytes: per(before.externalBytes, after.externalBytes),
      },
      afterClose,
      heldPerConnection: {
        rssBytes: per(afterClose.rssBytes, after.rssBytes),
        heapUsedBytes: per(afterClose.heapUsedBytes, after.heapUsedBytes),
        codeBytes: per(afterClose.codeBytes, after.codeBytes),
        externalBytes: per(afterClose.externalBytes, after.externalBytes),
      },
      closes,
    };
  } finally {
    for (const client of opened) closeClient(client);
  }
}

function memory(sample: MemoryFigures): MemoryFigures {
  return {
    rssBytes: sample.rssBytes,
    heapUsedBytes: sample.heapUsedBytes,
    codeBytes: sample.codeBytes,
    externalBytes: sample.externalBytes,
  };
}

/** Waits (up to 10 s) until the server uses under 5 % of a core over 300 ms. */
async function quiet(server: ServerProcess): Promise<void> {
  const deadline = performance.now() + 10_000;
  for (;;) {
    const before = processCpuSeconds(server.pid) ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 300));
    const used = (processCpuSeconds(server.pid) ?? 0) - before;
    if (used / 0.3 < 0.05 || performance.now() > deadline) return;
  }
}
