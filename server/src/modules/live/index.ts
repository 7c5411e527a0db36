/** The live channel (socket.io): presence, notifications and access-change enforcement. */
export {
  attachLive,
  documentRoom,
  tenantRoom,
  LIVE_PATH,
  ownsLiveUpgrade,
  MAX_DOCUMENTS_PER_SOCKET,
  type LiveEndpoint,
  type LiveSocket,
  type LiveOptions,
  type PresenceEntry,
  type PresenceMode,
} from './live.server.js';
