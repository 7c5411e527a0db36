/**
 * Preloaded into each server child with `node --expose-gc --import <this file>`, so the benchmark
 * can read the child's own heap and CPU figures over the IPC channel without touching server code.
 * The channel is unref'd: the probe never keeps a server alive that would otherwise exit.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import {
  isProbeRequest,
  LOOP_DELAY_RESOLUTION_MS,
  loopDelayMs,
  type ProbeSample,
} from './probe-protocol.js';

const delay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
delay.enable();

/** Bytes used in V8's code spaces (code_space, code_large_object_space). */
function codeBytes(): number {
  let bytes = 0;
  for (const space of getHeapSpaceStatistics()) {
    if (space.space_name.startsWith('code_')) bytes += space.space_used_size;
  }
  return bytes;
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('the probe needs --expose-gc');
  // Twice: the first pass may only queue finalizers whose memory the second one frees.
  gc();
  gc();
}

process.on('message', (message: unknown) => {
  if (!isProbeRequest(message)) return;
  if (message.gc) collectGarbage();
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  const sample: ProbeSample = {
    type: 'probe.sample',
    id: message.id,
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    codeBytes: codeBytes(),
    externalBytes: memory.external,
    arrayBuffersBytes: memory.arrayBuffers,
    cpuUserMicros: cpu.user,
    cpuSystemMicros: cpu.system,
    loopDelayP99Ms: loopDelayMs(delay, 99),
    loopDelayMaxMs: loopDelayMs(delay, 100),
  };
  if (message.resetDelay) delay.reset();
  process.send?.(sample);
});
process.channel?.unref();
