/**
 * Public surface of the collaboration room core (transport-agnostic; SPEC.md). Adapters — the
 * websocket endpoint, the PostgreSQL storage, the Prometheus metrics — import only this file.
 */
export { CLOSE, closeReason, closeSpecFor, MAX_CLOSE_REASON_BYTES } from './close-codes.js';
export type { CloseName, CloseRetry, CloseSpec } from './close-codes.js';
export { InjectedStorageError, MemoryRoomStorage } from './memory-room-storage.js';
export type { StorageOperation } from './memory-room-storage.js';
export { FIRST_EXTENSION_MESSAGE_TYPE, MessageType, ProtocolError } from './protocol.js';
export { createPersistAckExtension, PERSIST_ACK } from './extensions/persist-ack.js';
export type { ExtensionConnection, RoomExtension } from './protocol.js';
export { Room, SERVER_ORIGIN } from './room.js';
export type { RoomOptions } from './room.js';
export type { RoomContextOptions } from './room-context.js';
export { RoomManager, RoomUnavailableError } from './room-manager.js';
export type { RoomManagerOptions } from './room-manager.js';
export {
  DEFAULT_ROOM_LIMITS,
  DEFAULT_ROOM_TIMINGS,
  resolveLimits,
  resolveTimings,
} from './room.options.js';
export type { Backoff, RateLimit, RoomLimits, RoomTimings } from './room.options.js';
export { noopRoomMetrics, silentRoomLogger } from './room.ports.js';
export type {
  ConnectionHandle,
  ConnectionInfo,
  PeerChannel,
  PeerListener,
  RoomPeers,
  Permission,
  RejectReason,
  RoomClock,
  RoomLogger,
  RoomMetrics,
  RoomSocket,
  RoomStorage,
  TimerHandle,
} from './room.ports.js';
export type { RoomStateKind, UnloadReason, UnloadResult } from './room-state.js';
export { systemClock } from './timing.js';
export { applyStoredState, docFromStoredState, markCollectedSnapshot } from './stored-state.js';
export type { StoredState } from './stored-state.js';
export type { ChangeListener } from './room-context.js';
