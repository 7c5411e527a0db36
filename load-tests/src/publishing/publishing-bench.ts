/**
 * `npm run bench:publishing`: delivery reads of published documents. One compiled Folio node
 * (what `npm run serve` runs, embedded services: the in-memory published cache) on a throwaway
 * database; a tenant seeded through the public API with N published articles and a delivery key;
 * then autocannon on loopback, one target after the other: the REST read by slug, the same read
 * over GraphQL (`POST /graphql`, `publishedDocument(slug:)`), and `GET /healthz` — the in-process
 * baseline (no auth, no tenant, no cache) that the ratios divide by. Bounded in time; stops the
 * node by PID and drops the database on every exit path. Exits 1 when any response failed.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createBenchDatabase } from '../collab/database.js';
import { startFolio } from '../collab/servers.js';
import { addCleanup, runBenchmark, runCleanup, type RunStart } from '../shared/bench-run.js';
import { measure, type Measured, type Target } from './measure.js';
import { parseOptions, USAGE, type PublishingOptions } from './options.js';
import { seedTenant } from './seed.js';

const GRAPHQL_QUERY = `query Published($slug: String!) {
  publishedDocument(slug: $slug) {
    id slug title contentType versionId versionNumber contentHash publishedAt fields body html
  }
}`;

function targets(slugs: string[], deliveryKey: string): Target[] {
  const auth = { Authorization: `Bearer ${deliveryKey}` };
  return [
    {
      name: 'rest',
      description: 'GET /api/v1/published/documents/:slug (delivery key)',
      requests: slugs.map((slug) => ({
        method: 'GET' as const,
        path: `/api/v1/published/documents/${slug}`,
        headers: auth,
      })),
    },
    {
      name: 'graphql',
      description: 'POST /graphql publishedDocument(slug:) (delivery key)',
      requests: slugs.map((slug) => ({
        method: 'POST' as const,
        path: '/graphql',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ query: GRAPHQL_QUERY, variables: { slug } }),
      })),
    },
    {
      name: 'healthz',
      description: 'GET /healthz (in-process baseline)',
      requests: [{ method: 'GET' as const, path: '/healthz' }],
    },
  ];
}

function render(results: Measured[], options: PublishingOptions, responseBytes: number): string {
  const base = results.find((r) => r.name === 'healthz');
  const lines = [
    `Publishing delivery reads: ${options.docs} published documents (${responseBytes} B REST response), ` +
      `${options.connections} connections, ${options.durationS} s each after ${options.warmupS} s warm-up`,
    '',
    'target    req/s     p50 ms  p99 ms  failures  req/s vs healthz  p99 vs healthz',
  ];
  for (const r of results) {
    const rps = base ? (r.requestsPerSecond / base.requestsPerSecond).toFixed(2) : '–';
    const p99 = base && base.p99Ms > 0 ? (r.p99Ms / base.p99Ms).toFixed(2) : '–';
    lines.push(
      `${r.name.padEnd(8)}  ${r.requestsPerSecond.toFixed(0).padStart(7)}  ${String(r.p50Ms).padStart(6)}  ${String(r.p99Ms).padStart(6)}  ${String(r.failures).padStart(8)}  ${rps.padStart(16)}  ${p99.padStart(14)}`,
    );
  }
  return lines.join('\n');
}

async function run(options: PublishingOptions, start: RunStart): Promise<number> {
  const results: Measured[] = [];
  let responseBytes = 0;
  try {
    const database = await createBenchDatabase(options.pgUrl);
    addCleanup(() => database.drop());
    console.error(`publishing-bench: created database ${database.name} (dropped at the end)`);
    // The per-token and per-IP limits would cap one client's loopback load at a few per second.
    const server = await startFolio({
      databaseUrl: database.runtimeUrl,
      secret: randomBytes(32).toString('hex'),
      cpuProfDir: null,
      env: { RATE_LIMIT_ENABLED: 'false' },
    });
    addCleanup(async () => {
      await server.stop();
    });
    console.error(`publishing-bench: seeding ${options.docs} published documents…`);
    const seeded = await seedTenant(server, options.docs, options.paragraphs);
    responseBytes = seeded.responseBytes;
    for (const target of targets(seeded.slugs, seeded.deliveryKey)) {
      console.error(`publishing-bench: measuring ${target.name}…`);
      results.push(await measure(server.httpUrl, target, options));
    }
  } finally {
    await runCleanup();
  }
  console.log(`\n${render(results, options, responseBytes)}`);
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(
    options.out,
    `${JSON.stringify({ benchmark: 'publishing', startedAt: start.startedAt, machineBusyBefore: start.machineBusyBefore, options, responseBytes, results }, null, 2)}\n`,
  );
  console.log(`\nJSON: ${options.out}`);
  return results.every((r) => r.failures === 0) ? 0 : 1;
}

runBenchmark({
  name: 'publishing-bench',
  usage: USAGE,
  parseOptions,
  // Database, node start and seeding, then warm-up + window of three targets.
  budgetMs: (options) => 5 * 60_000 + 3 * (options.warmupS + options.durationS) * 1000 * 1.5,
  run,
});
