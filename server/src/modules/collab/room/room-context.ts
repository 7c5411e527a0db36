/**
 * Everything a room and its parts share, resolved once from the options: identity, ports with
 * their defaults, limits, timings and the extension table.
 */
import { FIRST_EXTENSION_MESSAGE_TYPE, type RoomExtension } from './protocol.js';
import {
  resolveLimits,
  resolveTimings,
  type RoomLimits,
  type RoomTimings,
} from './room.options.js';
import {
  noopRoomMetrics,
  silentRoomLogger,
  type RoomClock,
  type RoomLogger,
  type RoomMetrics,
  type RoomPeers,
  type RoomStorage,
} from './room.ports.js';
import { systemClock } from './timing.js';

/** What a room is built from; everything but the id and the storage has a default. */
export interface RoomContextOptions {
  readonly documentId: string;
  readonly storage: RoomStorage;
  readonly clock?: RoomClock;
  readonly metrics?: RoomMetrics;
  readonly logger?: RoomLogger;
  readonly limits?: Partial<RoomLimits>;
  readonly timings?: Partial<RoomTimings>;
  readonly extensions?: readonly RoomExtension[];
  /** The other nodes holding the same room; absent on a single node. */
  readonly peers?: RoomPeers;
  /** Hears every effective local change (R10a); must not throw. */
  readonly onChange?: ChangeListener;
}

/** Told of each effective change applied on this node: by a connection's user, or the server. */
export type ChangeListener = (documentId: string, userId: string | null) => void;

/** The resolved, shared configuration of one room. */
export interface RoomContext {
  readonly documentId: string;
  readonly storage: RoomStorage;
  readonly clock: RoomClock;
  readonly metrics: RoomMetrics;
  readonly logger: RoomLogger;
  readonly limits: RoomLimits;
  readonly timings: RoomTimings;
  /** Extensions by message type. */
  readonly extensions: ReadonlyMap<number, RoomExtension>;
  readonly peers: RoomPeers | null;
  readonly onChange: ChangeListener | null;
}

/** Applies defaults and validates; throws on a nonsensical limit or a clashing extension. */
export function createRoomContext(options: RoomContextOptions): RoomContext {
  return {
    documentId: options.documentId,
    storage: options.storage,
    clock: options.clock ?? systemClock,
    metrics: options.metrics ?? noopRoomMetrics,
    logger: options.logger ?? silentRoomLogger,
    limits: resolveLimits(options.limits),
    timings: resolveTimings(options.timings),
    extensions: indexExtensions(options.extensions ?? []),
    peers: options.peers ?? null,
    onChange: options.onChange ?? null,
  };
}

function indexExtensions(extensions: readonly RoomExtension[]): ReadonlyMap<number, RoomExtension> {
  const byType = new Map<number, RoomExtension>();
  for (const extension of extensions) {
    const { name, messageType } = extension;
    if (messageType < FIRST_EXTENSION_MESSAGE_TYPE || byType.has(messageType)) {
      throw new RangeError(`extension ${name}: message type ${messageType} is reserved or taken`);
    }
    byType.set(messageType, extension);
  }
  return byType;
}
