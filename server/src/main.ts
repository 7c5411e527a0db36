/**
 * Process entry. `--embedded` (npm start) runs the all-in-one node: embedded PostgreSQL when no
 * database is configured, in-process bus and queue when no Redis is, the demo tenant seeded.
 * Without it (npm run serve) the process is a fleet member configured only by the environment.
 */
import { ConfigError, loadConfig, type Config } from './config/config.js';
import { prepareEmbeddedDatabase } from './app/embedded.js';
import { startFolio } from './app/folio.js';
import { seedDemoDocument, seedDemoTenant } from './app/seed-demo.js';
import { Lifecycle } from './platform/lifecycle/lifecycle.js';
import { createLogger, type Logger } from './platform/logging/logger.js';

function readConfig(): Config {
  const mode = process.argv.includes('--embedded') ? 'embedded' : 'serve';
  try {
    return loadConfig(process.env, mode);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

function installSignalHandlers(lifecycle: Lifecycle, logger: Logger): void {
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    void lifecycle.shutdown(signal).then((result) => process.exit(result.ok ? 0 : 1));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  const onFatal = (error: unknown) => {
    logger.fatal({ error }, 'unhandled failure');
    void lifecycle.shutdown('fatal').finally(() => process.exit(1));
  };
  process.on('uncaughtException', onFatal);
  process.on('unhandledRejection', onFatal);
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger({ level: config.LOG_LEVEL });
  const lifecycle = new Lifecycle(logger, config.SHUTDOWN_TIMEOUT_MS);
  installSignalHandlers(lifecycle, logger);
  try {
    let databaseUrl = config.DATABASE_URL;
    let secret = config.FOLIO_SECRET;
    let demoPassword = config.FOLIO_DEMO_PASSWORD;
    if (config.mode === 'embedded') {
      const db = await prepareEmbeddedDatabase(config, logger);
      lifecycle.onStop('embedded-postgres', () => db.stop());
      databaseUrl = db.runtimeUrl;
      secret ??= db.secrets.folioSecret;
      demoPassword ??= db.secrets.demoPassword;
    }
    const node = await startFolio({
      config,
      logger,
      lifecycle,
      databaseUrl: databaseUrl!,
      secret: secret!,
    });
    if (config.mode === 'embedded') {
      const demo = await seedDemoTenant(node.dataSource, demoPassword!);
      await seedDemoDocument(node, demo.tenant.id, demo.ownerId);
      const tenantUrl = `http://${demo.tenant.slug}.${config.FOLIO_BASE_DOMAIN}:${node.port}`;
      logger.info(
        { url: tenantUrl, email: demo.email, created: demo.created },
        'demo tenant ready',
      );
      process.stdout.write(
        [
          '',
          `Folio is running (node ${node.nodeId}).`,
          `  Open:      ${tenantUrl}/admin/  (the admin UI)`,
          `  API:       ${tenantUrl}/api/v1`,
          `  Health:    http://localhost:${node.port}/readyz`,
          `  Sign in:   ${demo.email} / ${config.FOLIO_DEMO_PASSWORD ? '(FOLIO_DEMO_PASSWORD)' : demoPassword}`,
          `  Data:      ${config.FOLIO_DATA_DIR}`,
          'Press Ctrl+C to stop.',
          '',
        ].join('\n'),
      );
    }
  } catch (error) {
    logger.fatal({ error }, 'start failed');
    await lifecycle.shutdown('start failed');
    process.exit(1);
  }
}

void main();
