import type { Logger } from '../logging/logger.js';

type Phase =
  | { kind: 'running' }
  | { kind: 'draining'; reason: string; done: Promise<ShutdownResult> }
  | { kind: 'stopped'; result: ShutdownResult };

export interface ShutdownResult {
  ok: boolean;
  failed: string[];
  timedOut: boolean;
}

/**
 * Owns graceful shutdown. Components register a stop step as they start; shutdown runs the steps
 * in reverse order (the HTTP server, started last, stops accepting first; pools close last), each
 * awaited, all bounded by one deadline. A failing step is logged and the rest still run.
 */
export class Lifecycle {
  private readonly steps: { name: string; stop: () => Promise<void> }[] = [];
  private readonly drainListeners: (() => void)[] = [];
  private phase: Phase = { kind: 'running' };

  constructor(
    private readonly logger: Logger,
    private readonly timeoutMs: number,
  ) {}

  /** Registers a stop step; steps run last-registered first. */
  onStop(name: string, stop: () => Promise<void>): void {
    this.steps.push({ name, stop });
  }

  /** Called once, synchronously, when shutdown begins (before any stop step runs). */
  onDrainStart(listener: () => void): void {
    this.drainListeners.push(listener);
  }

  /** True from the moment shutdown begins: /readyz answers 503 so traffic moves elsewhere. */
  isDraining(): boolean {
    return this.phase.kind !== 'running';
  }

  /** Runs every stop step once; later calls return the same result. */
  shutdown(reason: string): Promise<ShutdownResult> {
    switch (this.phase.kind) {
      case 'draining':
        return this.phase.done;
      case 'stopped':
        return Promise.resolve(this.phase.result);
      case 'running': {
        let finish: (result: ShutdownResult) => void = () => undefined;
        const done = new Promise<ShutdownResult>((resolve) => {
          finish = resolve;
        });
        this.phase = { kind: 'draining', reason, done };
        for (const listener of this.drainListeners) {
          try {
            listener();
          } catch (error) {
            this.logger.error({ error }, 'drain listener failed');
          }
        }
        void this.runSteps(reason).then((result) => {
          this.phase = { kind: 'stopped', result };
          finish(result);
        });
        return done;
      }
      default: {
        const exhaustive: never = this.phase;
        return exhaustive;
      }
    }
  }

  private async runSteps(reason: string): Promise<ShutdownResult> {
    this.logger.info({ reason, timeoutMs: this.timeoutMs }, 'shutting down');
    const failed: string[] = [];
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.timeoutMs);
      timer.unref();
    });
    const run = (async () => {
      for (const step of [...this.steps].reverse()) {
        const started = Date.now();
        try {
          await step.stop();
          this.logger.debug({ step: step.name, durationMs: Date.now() - started }, 'stopped');
        } catch (error) {
          failed.push(step.name);
          this.logger.error({ step: step.name, error }, 'shutdown step failed');
        }
      }
      return 'done' as const;
    })();
    const outcome = await Promise.race([run, deadline]);
    clearTimeout(timer);
    const timedOut = outcome === 'timeout';
    if (timedOut) this.logger.error({ timeoutMs: this.timeoutMs }, 'shutdown timed out');
    else this.logger.info({ failed }, 'shutdown complete');
    return { ok: !timedOut && failed.length === 0, failed, timedOut };
  }
}
