/**
 * The `persist-ack` extension (SPEC.md R38, docs/collab-protocol.md): the room tells a connection
 * that negotiated it how many of its document messages (sync step 2 and update, counted from one
 * per connection, in arrival order) are durable — a varUint, message type 100. A client records
 * which of its local changes each message it sent covered and so learns which are in storage.
 *
 * The count only ever covers a prefix of what the connection sent: a message counts as durable
 * once a message at or after it was taken whole (applied, nothing left pending) and every update
 * the room had appended by then is durable. A dropped message (read-only) is covered only by a
 * later whole one, whose sync step 2 must then have carried its content.
 */
import * as encoding from 'lib0/encoding';
import { ProtocolError, type ExtensionConnection, type RoomExtension } from '../protocol.js';

/** The extension's name in the `ext` negotiation and its message type. */
export const PERSIST_ACK = { name: 'persist-ack', messageType: 100 } as const;

/** Per connection: messages counted, the highest confirmed, and whether a send is queued. */
interface AckState {
  received: number;
  confirmed: number;
  sent: number;
  isQueued: boolean;
}

/** Builds the extension; one instance serves every room of a manager (ids are process-unique). */
export function createPersistAckExtension(): RoomExtension {
  const states = new Map<string, AckState>();

  /** Confirmations of one commit arrive together: one message per connection per microtask. */
  const flush = (connection: ExtensionConnection, state: AckState): void => {
    state.isQueued = false;
    if (states.get(connection.connectionId) !== state || state.confirmed <= state.sent) return;
    state.sent = state.confirmed;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, state.confirmed);
    connection.send(encoding.toUint8Array(encoder));
  };

  return {
    ...PERSIST_ACK,
    handleMessage() {
      throw new ProtocolError('persist-ack is sent by the server only');
    },
    onDocumentMessage(connection, whenDurable) {
      const { connectionId } = connection;
      let state = states.get(connectionId);
      if (state === undefined) {
        state = { received: 0, confirmed: 0, sent: 0, isQueued: false };
        states.set(connectionId, state);
      }
      state.received += 1;
      if (whenDurable === null) return;
      const count = state.received;
      const current = state;
      whenDurable(() => {
        if (count <= current.confirmed) return;
        current.confirmed = count;
        if (current.isQueued) return;
        current.isQueued = true;
        queueMicrotask(() => flush(connection, current));
      });
    },
    onLeave(connectionId) {
      states.delete(connectionId);
    },
  };
}
