/**
 * A dedicated connection that LISTENs on one PostgreSQL channel and reconnects with backoff.
 * Notifications are delivered at commit, so a listener hears about rows once they are visible.
 * After every (re)connect `onReady` runs: whatever was notified while disconnected is lost, and
 * the owner sweeps for it.
 */
import pg from 'pg';
import type { Logger } from '../logging/logger.js';

export interface PgListenerOptions {
  readonly url: string;
  readonly channel: string;
  readonly logger: Logger;
  readonly onNotify: (payload: string) => void;
  readonly onReady?: () => void;
  /** First reconnect delay; doubles up to 30 s. */
  readonly retryMs?: number;
}

const CHANNEL = /^[a-z_][a-z0-9_]*$/;

/** See the file comment. */
export class PgListener {
  private client: pg.Client | null = null;
  private isStopped = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private failures = 0;

  constructor(private readonly options: PgListenerOptions) {
    if (!CHANNEL.test(options.channel)) throw new Error(`invalid channel ${options.channel}`);
  }

  /** Resolves once listening (or once the first attempt failed; retries continue). */
  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.isStopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.isStopped) return;
    const { url, channel, logger } = this.options;
    const client = new pg.Client({
      connectionString: url,
      application_name: `folio-listen:${channel}`,
    });
    client.on('notification', (message) => {
      if (message.channel === channel) this.options.onNotify(message.payload ?? '');
    });
    client.on('error', (error) => {
      logger.warn({ error, channel }, 'listen connection failed; reconnecting');
      this.retry(client);
    });
    client.on('end', () => this.retry(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
    } catch (error) {
      logger.warn({ error, channel }, 'listen connection could not be opened; retrying');
      this.retry(client);
      return;
    }
    if (this.isStopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.failures = 0;
    this.options.onReady?.();
  }

  private retry(client: pg.Client): void {
    if (this.isStopped || (this.client !== null && this.client !== client)) return;
    if (this.retryTimer) return;
    this.client = null;
    client.removeAllListeners('end');
    void client.end().catch(() => undefined);
    const delay = Math.min(30_000, (this.options.retryMs ?? 250) * 2 ** this.failures);
    this.failures += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
    this.retryTimer.unref();
  }
}
