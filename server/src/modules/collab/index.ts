/**
 * The collaboration engine's public surface for the composition root: the websocket endpoint,
 * and the storage and metrics adapters of the room core (whose own surface is room/index.ts).
 */
export { createCollabMetrics, type CollabMetrics } from './collab.metrics.js';
export {
  attachCollab,
  ownsCollabUpgrade,
  type CollabEndpoint,
  type CollabOptions,
} from './collab.websocket.js';
export {
  PostgresRoomStorage,
  type FlushInfo,
  type PostgresRoomStorageOptions,
} from './storage/postgres-room-storage.js';
export { parseRoomKey, roomKey, type RoomKey } from './storage/room-key.js';
export { type CollabPersistence } from './collab-persistence.js';
export { RedisRoomPeers, type RedisRoomPeersOptions } from './fleet/redis-room-peers.js';
export {
  DEFAULT_COMPACTION_POLICY,
  type CompactionPolicy,
} from './storage/compaction-scheduler.js';
export {
  DocumentCompactor,
  type CompactionLease,
  type CompactionOutcome,
} from './storage/document-compactor.js';
export { admit, permissionOf, type Admission } from './transport/collab-handshake.js';
export { documentKey, type DocumentChange, type DocumentContent } from './document-content.js';
