/**
 * The room lifecycle as a tagged union (SPEC.md R1). Each state carries exactly what exists in it:
 * only `active` and `draining` hold a LiveRoom (document, awareness, persistence), so code that
 * could write to storage cannot even be reached from `loading` or `unloaded`.
 *
 *   loading ──load ok──▶ active ──idle timer / shutdown──▶ draining ──flushed──▶ unloaded
 *      │                   ▲                                  │
 *      │                   └──────── join (idle drain) ───────┘
 *      └──load failed / shutdown──▶ unloaded
 */
import { CLOSE, type CloseSpec } from './close-codes.js';
import type { LiveRoom } from './live-room.js';
import type { RoomConnection } from './room-connection.js';
import type { RejectReason, TimerHandle } from './room.ports.js';

/** A message that arrived while the document was loading, replayed in arrival order (R2). */
export interface QueuedMessage {
  readonly connection: RoomConnection;
  readonly data: Uint8Array;
}

/** Why a room drains: nobody left (idle) or the node stops (shutdown). */
export type DrainReason = 'idle' | 'shutdown';

/** Why a room ended. */
export type UnloadReason = 'idle' | 'shutdown' | 'load_failed';

/** The room lifecycle; see the diagram in the file comment. */
export type RoomState =
  | { readonly kind: 'loading'; readonly queue: QueuedMessage[] }
  | { readonly kind: 'active'; readonly live: LiveRoom; idleTimer: TimerHandle | null }
  | { readonly kind: 'draining'; readonly live: LiveRoom; readonly reason: DrainReason }
  | { readonly kind: 'unloaded'; readonly reason: UnloadReason };

/** The name of a lifecycle state. */
export type RoomStateKind = RoomState['kind'];

/** How an unload ended; `flushed` is false only when a shutdown gave up on a failing storage. */
export interface UnloadResult {
  readonly reason: UnloadReason;
  readonly flushed: boolean;
}

/** Closes a switch over a tagged union: adding a state without handling it fails to compile. */
export function assertNever(value: never): never {
  throw new Error(`unhandled room state: ${String((value as { kind?: unknown }).kind)}`);
}

/** The document of a state, if it has one. */
export function liveOf(state: RoomState): LiveRoom | null {
  switch (state.kind) {
    case 'active':
    case 'draining':
      return state.live;
    case 'loading':
    case 'unloaded':
      return null;
    default:
      return assertNever(state);
  }
}

/** Whether a state turns joins away, and how (R3, R30); null when joins are welcome. */
export function refusalFor(state: RoomState): { spec: CloseSpec; reason: RejectReason } | null {
  switch (state.kind) {
    case 'loading':
    case 'active':
      return null;
    case 'draining':
      return state.reason === 'shutdown'
        ? { spec: CLOSE.serverDraining, reason: 'draining' }
        : null;
    case 'unloaded':
      // Only a caller holding on to an old Room gets here; the manager routes to a fresh one.
      if (state.reason === 'shutdown') return { spec: CLOSE.serverDraining, reason: 'draining' };
      if (state.reason === 'load_failed') return { spec: CLOSE.retryLater, reason: 'load_failed' };
      return { spec: CLOSE.retryLater, reason: 'draining' };
    default:
      return assertNever(state);
  }
}
