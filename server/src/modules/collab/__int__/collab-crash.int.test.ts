/**
 * Issue 4, "Done when": kill -9 of the node while several stock y-websocket clients type loses no
 * edit. The compiled server runs as a child process in serve mode on a fixed port (so the clients
 * reconnect to the same URL after the restart) against this file's test database; the test process
 * shares its FOLIO_SECRET to mint tokens. Every client records every edit it makes; after the crash,
 * the restart and the clients' own reconnects, each replica, the PostgreSQL log and a fresh client
 * after a second kill -9 must hold all of them.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { WebsocketProvider } from 'y-websocket';
import { SecretBox } from '../../../platform/crypto/secret-box.js';
import { freePort } from '../../../platform/db/postmaster.js';
import {
  assertCompiled,
  childEnv,
  killHard,
  spawnCompiledServer,
  waitUntilReady,
  type CompiledServer,
} from '../../../test/compiled-server.js';
import { connectRuntime, createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { createMember } from '../../../test/factories.js';
import { issueTestToken } from '../../../test/sessions.js';
import { eventually, waitUntil } from '../../../test/wait.js';
import { AccessTokens } from '../../identity/index.js';
import { PostgresRoomStorage } from '../storage/postgres-room-storage.js';
import { roomKey } from '../storage/room-key.js';
import { docFromStoredState } from '../room/index.js';
import {
  bodyText,
  connectProvider,
  destroyProvider,
  hasAllEdits,
  missingTokens,
  stateVector,
  synced,
  Typist,
} from '../../../test/collab-client.js';

const TYPISTS = 4;
/** Edits each client makes in each phase: before the crash, while the node is down, after. */
const EDITS_PER_PHASE = 15;
/** Generous: two cores shared with other test runs; a passing run needs a fraction of this. */
const DEADLINE_MS = 25_000;

describe('collab through kill -9 of the node (compiled server, real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let storage: PostgresRoomStorage;
  let dataDir: string;
  let port: number;
  let baseUrl: string;
  const secret = randomBytes(32).toString('base64url');
  const accessTokens = new AccessTokens(new SecretBox(secret));
  const servers: CompiledServer[] = [];
  const providers: WebsocketProvider[] = [];
  let typists: Typist[] = [];

  /** A node on the fixed port; resolves once /readyz answers. */
  const startNode = async (): Promise<CompiledServer> => {
    const server = spawnCompiledServer(
      [],
      childEnv({
        NODE_ENV: 'test',
        DATABASE_URL: database.runtimeUrl,
        FOLIO_SECRET: secret,
        FOLIO_DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        SHUTDOWN_TIMEOUT_MS: '5000',
      }),
    );
    servers.push(server);
    await waitUntilReady(server, baseUrl, DEADLINE_MS);
    return server;
  };
  const open = (documentId: string, token: string): WebsocketProvider => {
    const provider = connectProvider(port, documentId, token);
    providers.push(provider);
    return provider;
  };
  const stopClients = () => {
    for (const typist of typists) typist.stop();
    for (const provider of providers.splice(0)) destroyProvider(provider);
  };

  beforeAll(async () => {
    assertCompiled();
    database = await createTestDatabase('collab_crash');
    dataSource = await connectRuntime(database, 'collab-crash');
    storage = new PostgresRoomStorage(dataSource);
    dataDir = await mkdtemp(join(tmpdir(), 'folio-crash-'));
    port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    stopClients();
    // Only the processes this file started, by pid.
    for (const server of servers) await killHard(server);
    await storage?.close();
    await dataSource?.destroy();
    await database?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps every edit of clients typing through a kill -9, the downtime and a restart', async () => {
    let node = await startNode();
    const first = await createMember(dataSource, { role: 'editor' });
    const { tenant } = first;
    const second = await createMember(dataSource, { tenant, role: 'editor' });
    const tokenOf = (userId: string) =>
      issueTestToken({ dataSource, accessTokens }, { tenantId: tenant.id, userId });
    const tokens = [await tokenOf(first.user.id), await tokenOf(second.user.id)];
    const created = await fetch(`${baseUrl}/api/v1/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[0]}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Typed through a crash', contentType: 'page' }),
    });
    expect(created.status).toBe(201);
    const documentId = ((await created.json()) as { id: string }).id;

    // Two users, two tabs each.
    typists = Array.from(
      { length: TYPISTS },
      (_, i) => new Typist(`t${i}`, open(documentId, tokens[i % tokens.length]!), 4242 + i, 30),
    );
    await Promise.all(typists.map((typist) => synced(typist.provider, DEADLINE_MS)));
    for (const typist of typists) typist.start();
    const atLeast = (edits: number) => () => typists.every((typist) => typist.edits >= edits);
    const allSeeAll = () =>
      typists.every((reader) =>
        typists.every((writer) => bodyText(reader.doc).includes(writer.tokens[0] ?? '\u0000')),
      );

    // Edits flow through the node before it dies.
    await waitUntil(
      () => atLeast(EDITS_PER_PHASE)() && allSeeAll(),
      'typing through the node',
      DEADLINE_MS,
    );
    const crash = await killHard(node);
    expect(crash.signal).toBe('SIGKILL');
    const editsAtCrash = typists.map((typist) => typist.edits);
    await waitUntil(
      () => typists.every((typist) => !typist.provider.wsconnected),
      'every client to notice the crash',
      DEADLINE_MS,
    );

    // Typing goes on while the node is down.
    await waitUntil(
      () => typists.every((typist, i) => typist.edits >= editsAtCrash[i]! + EDITS_PER_PHASE),
      'typing while the node is down',
      DEADLINE_MS,
    );
    node = await startNode();
    // No client was told to give up: they reconnect by themselves, with backoff.
    await waitUntil(
      () => typists.every((typist) => typist.provider.synced),
      'every client to reconnect and resync',
      DEADLINE_MS,
    );
    const editsAtRestart = typists.map((typist) => typist.edits);
    await waitUntil(
      () => typists.every((typist, i) => typist.edits >= editsAtRestart[i]! + EDITS_PER_PHASE),
      'typing after the restart',
      DEADLINE_MS,
    );
    for (const typist of typists) typist.stop();

    // Every replica converges on the same document holding every edit of every client.
    await waitUntil(
      () =>
        typists.every(
          (typist) =>
            hasAllEdits(typist.doc, typists) && bodyText(typist.doc) === bodyText(typists[0]!.doc),
        ),
      'convergence on every edit',
      DEADLINE_MS,
    ).catch((error: Error) => {
      const missing = typists.map((typist) => missingTokens(typist.doc, typists).length);
      throw new Error(`${error.message}; tokens missing per client: ${missing.join(', ')}`);
    });
    const converged = {
      body: bodyText(typists[0]!.doc),
      fields: typists[0]!.doc.getMap('fields').toJSON(),
    };
    for (const typist of typists) {
      expect(typist.doc.getMap('fields').toJSON()).toEqual(converged.fields);
      expect(stateVector(typist.doc)).toEqual(stateVector(typists[0]!.doc));
      expect(typist.closeCodes.filter((code) => code >= 4400 && code < 4500)).toEqual([]);
    }
    const total = typists.reduce((sum, typist) => sum + typist.edits, 0);
    expect(total).toBeGreaterThanOrEqual(TYPISTS * 3 * EDITS_PER_PHASE);

    // The PostgreSQL log holds all of it (the group commit is asynchronous: await it).
    const stored = await eventually(async () => {
      const state = await storage.load(roomKey(tenant.id, documentId));
      const doc = docFromStoredState(state);
      const isComplete = hasAllEdits(doc, typists);
      doc.destroy();
      return isComplete ? state : null;
    }, DEADLINE_MS);
    expect(stored).not.toBeNull();

    // A second crash, with every old client gone (none can re-upload anything): a fresh client
    // gets the whole document from PostgreSQL alone.
    stopClients();
    await killHard(node);
    node = await startNode();
    const reader = open(documentId, tokens[1]!);
    await synced(reader, DEADLINE_MS);
    expect(missingTokens(reader.doc, typists)).toEqual([]);
    expect(bodyText(reader.doc)).toBe(converged.body);
    expect(reader.doc.getMap('fields').toJSON()).toEqual(converged.fields);
    expect(node.isRunning()).toBe(true);
    expect(node.output()).not.toMatch(/"level":(50|60)/);
  }, 120_000);
});
