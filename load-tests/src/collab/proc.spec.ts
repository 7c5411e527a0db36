import { Worker } from 'node:worker_threads';
import { mainThreadCpuSeconds, processCpuSeconds } from './proc.js';

/** Spins a worker thread for `ms` of wall time and waits for it to end. */
async function busyWorker(ms: number): Promise<void> {
  const worker = new Worker(
    `const end = Date.now() + ${ms}; let x = 0; while (Date.now() < end) x += Math.sqrt(x + 1);`,
    { eval: true },
  );
  await new Promise<void>((resolve, reject) => {
    worker.once('exit', () => resolve());
    worker.once('error', reject);
  });
}

describe('collab bench /proc readings', () => {
  it('splits the process CPU into the main thread and the other threads', async () => {
    const pid = process.pid;
    const totalBefore = processCpuSeconds(pid)!;
    const mainBefore = mainThreadCpuSeconds(pid)!;
    expect(mainBefore).toBeGreaterThan(0);
    expect(mainBefore).toBeLessThanOrEqual(totalBefore);

    await busyWorker(400);

    const total = processCpuSeconds(pid)! - totalBefore;
    const main = mainThreadCpuSeconds(pid)! - mainBefore;
    // The worker's CPU counts for the process, not for its main thread, which only waited.
    expect(total - main).toBeGreaterThan(0.25);
    expect(main).toBeLessThan(total - main);
  });

  it('answers null for a process that does not exist', () => {
    expect(mainThreadCpuSeconds(2 ** 22 + 1)).toBeNull();
    expect(processCpuSeconds(2 ** 22 + 1)).toBeNull();
  });
});
