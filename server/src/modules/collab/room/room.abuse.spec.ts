import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { CLOSE } from './close-codes.js';
import { MemoryRoomStorage } from './memory-room-storage.js';
import { encodeAwareness, encodeUpdate, MessageType } from './protocol.js';
import { RoomManager } from './room-manager.js';
import { CountingMetrics } from './testing/counting-metrics.js';
import { ManualClock, settle } from './testing/manual-clock.js';
import { SeededRandom, seedBatches } from './testing/random.js';
import { docFrom, documentDigest, isSameState, randomEdit } from './testing/random-edits.js';
import { TestClient, type JoinFn } from './testing/test-client.js';

const SEEDS = Number(process.env['ROOM_FUZZ_SEEDS'] ?? 200);
const FRAMES = 25;
const MAX_MESSAGE_BYTES = 4096;
const ALLOWED_CLOSES = [CLOSE.protocolError, CLOSE.messageTooLarge, CLOSE.documentTooLarge].map(
  (spec) => spec.code,
);

/** Well-formed messages an attacker starts from: updates, awareness, sync step 1. */
function validFrames(random: SeededRandom): Uint8Array[] {
  const scratch = new Y.Doc();
  scratch.clientID = 1 + random.int(2 ** 31); // seeded, so a failing seed replays exactly
  const frames: Uint8Array[] = [];
  scratch.on('update', (update: Uint8Array) => frames.push(encodeUpdate(update)));
  for (let i = 0; i < 6; i++) randomEdit(random, scratch);
  const awareness = encoding.createEncoder();
  encoding.writeVarUint(awareness, 1);
  encoding.writeVarUint(awareness, scratch.clientID);
  encoding.writeVarUint(awareness, 1 + random.int(5));
  encoding.writeVarString(awareness, JSON.stringify({ user: { name: 'evil' }, cursor: 1 }));
  frames.push(encodeAwareness(encoding.toUint8Array(awareness)));
  frames.push(Uint8Array.of(MessageType.sync, 0, ...Y.encodeStateVector(scratch)));
  scratch.destroy();
  return frames;
}

/** Random bytes, truncations, bit flips, oversized frames and garbage behind a valid type. */
function abusiveFrame(random: SeededRandom, valid: Uint8Array[]): Uint8Array {
  const base = random.pick(valid);
  const bytes = (length: number) => Uint8Array.from({ length }, () => random.int(256));
  switch (random.int(5)) {
    case 0:
      return bytes(random.int(40));
    case 1:
      return base.slice(0, random.int(base.length));
    case 2: {
      const flipped = base.slice();
      flipped[random.int(flipped.length)] = random.int(256);
      return flipped;
    }
    case 3:
      return new Uint8Array(MAX_MESSAGE_BYTES + 1 + random.int(100));
    default:
      return Uint8Array.of(random.pick([0, 1, 3]), ...bytes(random.int(30)));
  }
}

async function deliverAll(clients: TestClient[]): Promise<void> {
  for (let round = 0; round < 100; round++) {
    let isMoving = false;
    for (const client of clients) {
      while (client.deliverToServer() || client.deliverToClient()) isMoving = true;
    }
    await settle();
    if (!isMoving) return;
  }
}

async function runSeed(seed: number, manager: RoomManager, storage: MemoryRoomStorage) {
  const random = new SeededRandom(seed);
  const join =
    (documentId: string): JoinFn =>
    (socket, info) =>
      manager.join(documentId, socket, info);
  const identity = (name: string) => ({
    userId: name,
    displayName: name,
    permission: 'write' as const,
  });
  const make = (name: string, documentId: string) =>
    new TestClient(name, join(documentId), identity(name), 1 + random.int(2 ** 31));
  const honest = [make('a1', 'doc-a'), make('a2', 'doc-a'), make('b1', 'doc-b')];
  const attacker = make('x', 'doc-a');
  const everyone = [...honest, attacker];
  try {
    for (const client of everyone) client.connect();
    const valid = validFrames(random);
    for (let i = 0; i < FRAMES; i++) {
      if (!attacker.isConnected) attacker.connect();
      attacker.sendRaw(abusiveFrame(random, valid));
      randomEdit(random, random.pick(honest).doc);
      await deliverAll(everyone);
    }
    for (const close of attacker.closes) expect(ALLOWED_CLOSES).toContain(close.code);
    for (const client of honest)
      expect({ seed, closes: client.closes }).toEqual({ seed, closes: [] });
    for (const documentId of ['doc-a', 'doc-b']) {
      const room = manager.room(documentId)!;
      for (const client of honest.filter((c) => c.name.startsWith(documentId.slice(-1)))) {
        expect({ seed, same: isSameState(client.doc, room.doc!) }).toEqual({ seed, same: true });
        expect(documentDigest(client.doc)).toEqual(documentDigest(room.doc!));
      }
      await room.flush();
      const stored = docFrom(await storage.load(documentId));
      expect({ seed, stored: isSameState(stored, room.doc!) }).toEqual({ seed, stored: true });
      stored.destroy();
    }
  } finally {
    for (const client of everyone) client.destroy();
  }
}

describe('Room abuse (seeded)', () => {
  it.each(seedBatches(SEEDS, 25))(
    'R11, R18, R26: seeds %i–%i of malformed, truncated and oversized frames',
    async (first, last) => {
      for (let seed = first; seed <= last; seed++) {
        const storage = new MemoryRoomStorage();
        const metrics = new CountingMetrics();
        const clock = new ManualClock();
        const limits = { maxMessageBytes: MAX_MESSAGE_BYTES };
        const manager = new RoomManager({ storage, metrics, clock, limits, maxRooms: 4 });
        try {
          await runSeed(seed, manager, storage);
        } finally {
          await manager.shutdown();
        }
      }
    },
  );
});
