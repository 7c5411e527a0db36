/**
 * Issue 4, "Done when": protocol abuse over real websockets never takes the node down nor leaks
 * into anyone's document. Raw `ws` sockets with a valid editor token send malformed, truncated,
 * unsupported, oversized, text and flooding frames, awareness spoofs and seeded random bytes to
 * room A, while stock y-websocket clients keep typing in room A and room B. Each targeted abuse
 * must close with its catalogue code (SPEC.md R11, R14, R15, R18, R21, R22, R26), /healthz must
 * answer 200 throughout, the honest documents must hold exactly the honest edits, and /metrics must
 * count every refusal.
 */
import * as encoding from 'lib0/encoding';
import request from 'supertest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { createMember } from '../../../test/factories.js';
import { issueTestToken } from '../../../test/sessions.js';
import { startTestServer, type TestServer } from '../../../test/test-server.js';
import { eventually, waitUntil } from '../../../test/wait.js';
import type { Tenant } from '../../tenancy/index.js';
import { CLOSE, DEFAULT_ROOM_LIMITS, docFromStoredState } from '../room/index.js';
import { SeededRandom } from '../room/testing/random.js';
import { roomKey } from '../storage/room-key.js';
import {
  bodyText,
  connectProvider,
  destroyProvider,
  hasAllEdits,
  openRawSocket,
  stateVector,
  synced,
  Typist,
  type RawSocket,
} from '../../../test/collab-client.js';

const SEEDS = Number(process.env['COLLAB_FUZZ_SEEDS'] ?? 200);
/** Generous: two cores shared with other test runs; a passing run needs a fraction of this. */
const DEADLINE_MS = 15_000;
const CATALOGUE_CODES = new Set<number>(Object.values(CLOSE).map((spec) => spec.code));
/** ws's own close for a frame beyond its maxPayload (docs/errors.md, collaboration close codes). */
const MESSAGE_TOO_BIG = 1009;
const { maxMessageBytes } = DEFAULT_ROOM_LIMITS;

/** A sync step 1 with an empty state vector: the room answers it with sync step 2 (R6). */
const PROBE = Uint8Array.of(0, 0, 1, 0);
const isSyncStep1 = (message: Uint8Array) => message[0] === 0 && message[1] === 0;
const isSyncStep2 = (message: Uint8Array) => message[0] === 0 && message[1] === 1;

/** One awareness message with the given (client id, clock, raw JSON state) entries. */
function awarenessFrame(entries: [clientId: number, clock: number, json: string][]): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, entries.length);
  for (const [clientId, clock, json] of entries) {
    encoding.writeVarUint(update, clientId);
    encoding.writeVarUint(update, clock);
    encoding.writeVarString(update, json);
  }
  return frame(1, encoding.toUint8Array(update));
}

/** `type`, then `payload` as a length-prefixed byte array (the y-websocket framing). */
function frame(type: number, payload: Uint8Array, subtype?: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  if (subtype !== undefined) encoding.writeVarUint(encoder, subtype);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** A real document update (content only), for truncating into one Yjs cannot apply. */
function realUpdate(): Uint8Array {
  const scratch = new Y.Doc();
  scratch.getXmlFragment('body').push([new Y.XmlText('x'.repeat(64))]);
  scratch.getMap('fields').set('title', 'scratch');
  const update = Y.encodeStateAsUpdate(scratch);
  scratch.destroy();
  return update;
}

/** A random abusive frame: random bytes, or garbage behind a plausible header. */
function randomFrame(random: SeededRandom): Uint8Array {
  const bytes = (max: number) =>
    Uint8Array.from({ length: random.int(max + 1) }, () => random.int(256));
  switch (random.int(6)) {
    case 0:
      return bytes(48);
    case 1:
      return Uint8Array.of(0, random.int(6), ...bytes(40));
    case 2:
      return frame(0, bytes(40), 2);
    case 3:
      return frame(1, bytes(40));
    case 4:
      return Uint8Array.of(random.pick([2, 4, 5, 17, 99, 100, 127]), ...bytes(20));
    default: {
      const valid = frame(0, realUpdate(), 2);
      return valid.slice(0, random.int(valid.length));
    }
  }
}

/** Resolves with the close, or null when the socket answered the probe and is still open. */
async function closeOrProbeAnswer(raw: RawSocket): Promise<{ code: number } | null> {
  raw.socket.send(PROBE);
  await waitUntil(
    () => raw.isClosed() || raw.received.some(isSyncStep2),
    'a close or the probe answer',
    DEADLINE_MS,
  );
  return raw.isClosed() ? raw.closed : null;
}

/** Rejected-message counts by reason from the node's Prometheus scrape. */
async function rejectedByReason(url: string): Promise<Map<string, number>> {
  const scrape = await request(url).get('/metrics').expect(200);
  const counts = new Map<string, number>();
  const line = /^folio_collab_rejected_messages_total\{[^}]*reason="([a-z_]+)"[^}]*\} (\d+)$/gm;
  for (const [, reason, value] of scrape.text.matchAll(line)) counts.set(reason!, Number(value));
  return counts;
}

/** Polls GET /healthz in the background and remembers every answer that was not 200. */
class HealthWatch {
  readonly failures: string[] = [];
  checks = 0;
  private readonly timer: NodeJS.Timeout;
  private inFlight = false;

  constructor(url: string) {
    this.timer = setInterval(() => {
      if (this.inFlight) return;
      this.inFlight = true;
      void fetch(`${url}/healthz`)
        .then((response) => {
          if (response.status !== 200) this.failures.push(`status ${response.status}`);
        })
        .catch((error: Error) => this.failures.push(error.message))
        .finally(() => {
          this.checks += 1;
          this.inFlight = false;
        });
    }, 50);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

describe('/collab/<documentId> under protocol abuse (real websockets, real PostgreSQL)', () => {
  let database: TestDatabase;
  let server: TestServer;
  let tenant: Tenant;
  let attackerToken: string;
  let attackerUserId: string;
  let attackerName: string;
  let rooms: { a: string; b: string };
  let health: HealthWatch;
  let rejectedBefore: Map<string, number>;
  /** Every close the abusive sockets got, by code. */
  const closes = new Map<number, number>();
  const honest: { a: Typist[]; b: Typist[] } = { a: [], b: [] };
  const providers: WebsocketProvider[] = [];
  const sockets: RawSocket[] = [];

  const urlOf = (documentId: string) =>
    `ws://127.0.0.1:${server.node.port}/collab/${documentId}?token=${attackerToken}`;
  /** A raw attacker socket (room A unless told), by default once the room served it. */
  const attacker = async (
    options: { documentId?: string; isServed?: boolean } = {},
  ): Promise<RawSocket> => {
    const raw = await openRawSocket(urlOf(options.documentId ?? rooms.a), DEADLINE_MS);
    sockets.push(raw);
    if (options.isServed === false) return raw;
    await waitUntil(
      () => raw.received.some(isSyncStep1) || raw.isClosed(),
      'the room to serve the attacker',
      DEADLINE_MS,
    );
    if (raw.isClosed()) throw new Error(`refused at the door: ${(await raw.closed).code}`);
    return raw;
  };
  const recordClose = (code: number) => closes.set(code, (closes.get(code) ?? 0) + 1);
  /**
   * Sends the frames (binary unless a string), then the probe; resolves with the close code, or
   * null when the probe was answered (the frames were accepted) and the socket is still open.
   * `isServed: false` sends them right on open, while the handshake (and maybe the load) runs.
   */
  const closeCodeAfter = async (
    frames: (Uint8Array | string)[],
    options: { documentId?: string; isServed?: boolean } = {},
  ): Promise<number | null> => {
    const raw = await attacker(options);
    for (const data of frames) raw.socket.send(data, { binary: typeof data !== 'string' });
    const closed = await closeOrProbeAnswer(raw);
    if (closed === null) {
      raw.socket.close();
      await raw.closed;
      return null;
    }
    recordClose(closed.code);
    return closed.code;
  };
  /** The honest clients of both rooms still sync: each sees every roommate's latest edit. */
  const honestStillSyncing = async () => {
    for (const typists of [honest.a, honest.b]) {
      const latest = typists.map((typist) => typist.tokens.at(-1) ?? '');
      await waitUntil(
        () =>
          typists.every((reader) => latest.every((token) => bodyText(reader.doc).includes(token))),
        'the honest clients to keep syncing',
        DEADLINE_MS,
      );
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase('collab_fuzz');
    server = await startTestServer({ database });
    const ds = server.node.dataSource;
    const evil = await createMember(ds, { role: 'editor' });
    tenant = evil.tenant;
    attackerUserId = evil.user.id;
    attackerName = evil.user.displayName;
    const writers = [
      await createMember(ds, { tenant, role: 'editor' }),
      await createMember(ds, { tenant, role: 'editor' }),
    ];
    const tokenOf = (userId: string) =>
      issueTestToken(server.node, { tenantId: tenant.id, userId });
    attackerToken = await tokenOf(attackerUserId);
    const honestTokens = [await tokenOf(writers[0]!.user.id), await tokenOf(writers[1]!.user.id)];
    const create = async (title: string) => {
      const created = await request(server.url)
        .post('/api/v1/documents')
        .set('Authorization', `Bearer ${honestTokens[0]}`)
        .send({ title, contentType: 'page' })
        .expect(201);
      return (created.body as { id: string }).id;
    };
    rooms = { a: await create('Room A'), b: await create('Room B') };
    const typist = (name: string, documentId: string, i: number) => {
      const provider = connectProvider(server.node.port, documentId, honestTokens[i % 2]!);
      providers.push(provider);
      return new Typist(name, provider, 7000 + i, 60);
    };
    honest.a = [typist('a0', rooms.a, 0), typist('a1', rooms.a, 1)];
    honest.b = [typist('b0', rooms.b, 2), typist('b1', rooms.b, 3)];
    const everyone = [...honest.a, ...honest.b];
    await Promise.all(everyone.map((t) => synced(t.provider, DEADLINE_MS)));
    for (const t of everyone) t.start();
    rejectedBefore = await rejectedByReason(server.url);
    health = new HealthWatch(server.url);
  });
  afterEach(async () => {
    for (const raw of sockets.splice(0)) raw.socket.terminate();
    await honestStillSyncing();
  });
  afterAll(async () => {
    health?.stop();
    for (const t of [...honest.a, ...honest.b]) t.stop();
    for (const provider of providers.splice(0)) destroyProvider(provider);
    await server?.close();
    await database?.drop();
  });

  const update = realUpdate();
  it.each<[string, (Uint8Array | string)[]]>([
    ['an empty frame', [new Uint8Array(0)]],
    ['a truncated message-type varint', [Uint8Array.of(0x80)]],
    ['a message-type varint beyond 2^53', [Uint8Array.of(...Array(9).fill(0xff), 0x7f)]],
    ['a sync message without subtype', [Uint8Array.of(0)]],
    ['sync subtype 3', [Uint8Array.of(0, 3, 0)]],
    ['sync subtype 200 (a two-byte varint)', [Uint8Array.of(0, 0xc8, 0x01, 0)]],
    ['a sync step 1 shorter than its length', [Uint8Array.of(0, 0, 5, 1, 2)]],
    ['a sync step 1 whose state vector is malformed', [frame(0, Uint8Array.of(1, 0x80), 0)]],
    ['a sync step 2 of garbage', [frame(0, Uint8Array.of(0xde, 0xad, 0xbe, 0xef), 1)]],
    ['an update of garbage after a valid header', [frame(0, Uint8Array.of(0xff, 0xff, 0xff), 2)]],
    ['an update Yjs cannot apply (a real one, cut short)', [frame(0, update.slice(0, 20), 2)]],
    ['an update frame cut short', [frame(0, update, 2).slice(0, 30)]],
    ['a truncated awareness update', [frame(1, Uint8Array.of(1, 5))]],
    ['an awareness state that is not JSON', [awarenessFrame([[991, 1, '{not json']])]],
    ['an awareness state that is not an object', [awarenessFrame([[992, 1, '[1,2]']])]],
    [
      'awareness for more client ids than a connection may bind',
      [awarenessFrame([1, 2, 3, 4, 5].map((id) => [990_000 + id, 1, '{}']))],
    ],
    ['an auth message (type 2, server to client only)', [Uint8Array.of(2, 0, 0)]],
    ['reserved message type 4', [Uint8Array.of(4)]],
    ['reserved message type 99', [Uint8Array.of(99, 1, 2, 3)]],
    ['an extension type nobody negotiated (100)', [Uint8Array.of(100, 1)]],
    ['an extension type nobody negotiated (300)', [Uint8Array.of(0xac, 0x02)]],
    ['a text frame', ['hello']],
    ['a text frame of JSON', ['{"type":"sync","update":[1,2,3]}']],
    ['a text frame that spells a sync step 1', ['\u0000\u0000\u0001\u0000']],
    ['a text frame that spells an awareness query', ['\u0003']],
  ])('R11: %s closes the connection with 4400', async (_name, frames) => {
    expect(await closeCodeAfter(frames)).toBe(CLOSE.protocolError.code);
  });

  it('R18: a message over maxMessageBytes closes with 4413, checked before decoding', async () => {
    const oversized = new Uint8Array(maxMessageBytes + 1);
    oversized.set(frame(0, Uint8Array.of(0, 0), 2));
    expect(await closeCodeAfter([oversized])).toBe(CLOSE.messageTooLarge.code);
    // A message of exactly the limit is decoded (and its garbage is a protocol error).
    expect(await closeCodeAfter([new Uint8Array(maxMessageBytes).fill(0xff)])).toBe(
      CLOSE.protocolError.code,
    );
    // Far beyond it, ws refuses the frame from its header, before buffering it (documented 1009).
    expect(await closeCodeAfter([new Uint8Array(maxMessageBytes + 64 * 1024)])).toBe(
      MESSAGE_TOO_BIG,
    );
  });

  it('R21: a flood of document updates closes with 4529', async () => {
    const emptyUpdate = frame(0, Uint8Array.of(0, 0), 2);
    const flood = Array.from(
      { length: DEFAULT_ROOM_LIMITS.updateRate.burst * 2 },
      () => emptyUpdate,
    );
    expect(await closeCodeAfter(flood)).toBe(CLOSE.rateLimited.code);
  });

  it('R22: floods of awareness changes and of awareness queries close with 4529', async () => {
    const burst = DEFAULT_ROOM_LIMITS.awarenessRate.burst * 2;
    const changes = Array.from({ length: burst }, (_, clock) =>
      awarenessFrame([[880_001, clock + 1, JSON.stringify({ cursor: clock })]]),
    );
    expect(await closeCodeAfter(changes)).toBe(CLOSE.rateLimited.code);
    const queries = Array.from({ length: burst }, () => Uint8Array.of(3));
    expect(await closeCodeAfter(queries)).toBe(CLOSE.rateLimited.code);
  });

  it('R2, R21: a flood sent before the handshake finished closes with 4529', async () => {
    const emptyUpdate = frame(0, Uint8Array.of(0, 0), 2);
    const flood = Array.from(
      { length: DEFAULT_ROOM_LIMITS.updateRate.burst * 2 },
      () => emptyUpdate,
    );
    expect(await closeCodeAfter(flood, { isServed: false })).toBe(CLOSE.rateLimited.code);
  });

  it('R2, R11, R18: abuse of a room that is still loading closes with the same codes', async () => {
    // A document nobody opened yet: its room is created, and loads, for the attacker.
    const fresh = async () => {
      const created = await request(server.url)
        .post('/api/v1/documents')
        .set('Authorization', `Bearer ${attackerToken}`)
        .send({ title: 'Fresh', contentType: 'page' })
        .expect(201);
      return (created.body as { id: string }).id;
    };
    const early = async (frames: (Uint8Array | string)[]) =>
      closeCodeAfter(frames, { documentId: await fresh(), isServed: false });
    expect(await early([Uint8Array.of(0, 3, 0)])).toBe(CLOSE.protocolError.code);
    expect(await early(['\u0000\u0000\u0001\u0000'])).toBe(CLOSE.protocolError.code);
    expect(await early([new Uint8Array(maxMessageBytes + 1)])).toBe(CLOSE.messageTooLarge.code);
    const queries = Array.from({ length: 100 }, () => Uint8Array.of(3));
    expect(await early(queries)).toBe(CLOSE.rateLimited.code);
  });

  it('R14, R15, R17: spoofed awareness is dropped or rewritten, never shown as someone else', async () => {
    const [victim, watcher] = honest.a as [Typist, Typist];
    const victimId = victim.doc.clientID;
    const realName = () =>
      (
        watcher.provider.awareness.getStates().get(victimId)?.['user'] as
          { name?: string } | undefined
      )?.name;
    victim.provider.awareness.setLocalStateField('user', { name: 'Victim', color: '#00f' });
    await waitUntil(() => realName() !== undefined, 'the victim to be seen', DEADLINE_MS);
    const victimName = realName();
    const raw = await attacker();
    const clock = (victim.provider.awareness.meta.get(victimId)?.clock ?? 0) + 1000;
    // Speaking for another connection's client id: dropped (and counted), the socket stays open.
    raw.socket.send(
      awarenessFrame([[victimId, clock, JSON.stringify({ user: { name: 'evil' } })]]),
    );
    raw.socket.send(awarenessFrame([[victimId, clock + 1, 'null']]));
    // Its own client id, claiming to be the CEO: the room rewrites `user` to the real identity.
    const ownId = 770_001;
    const ceo = { user: { id: 'ceo', name: 'The CEO', color: '#f00' }, cursor: 7 };
    raw.socket.send(awarenessFrame([[ownId, 1, JSON.stringify(ceo)]]));
    expect(await closeOrProbeAnswer(raw)).toBeNull();
    const seen = await eventually(
      async () => watcher.provider.awareness.getStates().get(ownId),
      DEADLINE_MS,
    );
    expect(seen).toEqual({
      user: { id: attackerUserId, name: attackerName, color: '#f00' },
      cursor: 7,
    });
    expect(realName()).toBe(victimName);
    expect(victimName).not.toBe('evil');
    expect(watcher.provider.awareness.getStates().has(victimId)).toBe(true);
    // R17: the attacker's states go with its connection, however it ends.
    raw.socket.terminate();
    await waitUntil(
      () => !watcher.provider.awareness.getStates().has(ownId),
      "the attacker's awareness to be removed",
      DEADLINE_MS,
    );
  });

  it(`R11, R26: ${SEEDS} seeds of random frames close with catalogue codes or are answered`, async () => {
    let closed = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const random = new SeededRandom(seed);
      const frames = Array.from({ length: 1 + random.int(3) }, () => randomFrame(random));
      const code = await closeCodeAfter(frames, { isServed: !random.chance(0.3) });
      if (code !== null) {
        closed += 1;
        expect({ seed, code, isCatalogued: CATALOGUE_CODES.has(code) }).toEqual({
          seed,
          code,
          isCatalogued: true,
        });
      }
    }
    // Random bytes almost never make a valid message: nearly every seed was refused.
    expect(closed).toBeGreaterThan(SEEDS * 0.8);
  }, 120_000);

  it('leaves the node up and the honest documents exactly as the honest clients wrote them', async () => {
    for (const t of [...honest.a, ...honest.b]) t.stop();
    health.stop();
    expect(health.failures).toEqual([]);
    expect(health.checks).toBeGreaterThan(0);
    for (const [name, typists] of [
      ['a', honest.a],
      ['b', honest.b],
    ] as const) {
      const key = roomKey(tenant.id, rooms[name]);
      const room = () => server.node.collab.manager.room(key)?.doc ?? null;
      await waitUntil(
        () =>
          room() !== null &&
          [...typists.map((t) => t.doc), room()!].every(
            (doc) => hasAllEdits(doc, typists) && bodyText(doc) === bodyText(typists[0]!.doc),
          ),
        `room ${name} to converge`,
        DEADLINE_MS,
      );
      const roomDoc = room()!;
      // Nothing but the honest clients' edits: their client ids only, their fields only, the
      // document's two shared types only, and no token of the other room.
      const writers = new Set(typists.map((t) => t.doc.clientID));
      expect([...stateVector(roomDoc).keys()].every((clientId) => writers.has(clientId))).toBe(
        true,
      );
      expect(Object.keys(roomDoc.getMap('fields').toJSON()).sort()).toEqual(
        typists.map((t) => t.name).sort(),
      );
      expect([...roomDoc.share.keys()].sort()).toEqual(['body', 'fields']);
      const others = name === 'a' ? honest.b : honest.a;
      expect(others.some((t) => bodyText(roomDoc).includes(t.tokens[0]!))).toBe(false);
      for (const t of typists) {
        expect(stateVector(t.doc)).toEqual(stateVector(roomDoc));
        expect(t.closeCodes).toEqual([]);
      }
      // And the same in PostgreSQL.
      const stored = await eventually(async () => {
        const state = await server.node.collab.storage.load(key);
        const doc = docFromStoredState(state);
        const isSame = bodyText(doc) === bodyText(roomDoc);
        doc.destroy();
        return isSame;
      }, DEADLINE_MS);
      expect(stored).toBe(true);
    }

    // Every refusal was counted by reason (R26): exactly one protocol error per 4400, and so on.
    const after = await rejectedByReason(server.url);
    const delta = (reason: string) => (after.get(reason) ?? 0) - (rejectedBefore.get(reason) ?? 0);
    expect(delta('protocol_error')).toBe(closes.get(CLOSE.protocolError.code) ?? 0);
    expect(delta('message_too_large')).toBe(
      (closes.get(CLOSE.messageTooLarge.code) ?? 0) + (closes.get(MESSAGE_TOO_BIG) ?? 0),
    );
    expect(delta('update_rate') + delta('awareness_rate') + delta('loading_queue_full')).toBe(
      closes.get(CLOSE.rateLimited.code) ?? 0,
    );
    expect(delta('update_rate')).toBeGreaterThan(0);
    expect(delta('awareness_rate')).toBeGreaterThan(0);
    expect(delta('awareness_spoof')).toBeGreaterThanOrEqual(2);
    const documented = (code: number) => CATALOGUE_CODES.has(code) || code === MESSAGE_TOO_BIG;
    expect([...closes.keys()].filter((code) => !documented(code))).toEqual([]);
  });
});
