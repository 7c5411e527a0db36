/**
 * The one catalogue of websocket close codes the collaboration room uses (SPEC.md R26).
 *
 * Codes live in the application range 4000–4999 and follow the convention stock y-websocket
 * (>= 3.1, `defaultShouldReconnect`) already applies: 4400–4499 mirror HTTP 4xx — a deliberate
 * decision that reconnecting cannot fix, so the client stops; 4500–4599 mirror HTTP 5xx — try again
 * (later, or on another node), so the client reconnects with backoff. The last two digits follow
 * the nearest HTTP status where there is one, so operators can read them at a glance.
 */

/** Whether a client should reconnect after this close. */
export type CloseRetry = 'never' | 'backoff';

/** One catalogue entry: code, default reason, retry advice. */
export interface CloseSpec {
  readonly code: number;
  /** Default reason text; always short (a close frame's reason holds at most 123 bytes). */
  readonly reason: string;
  readonly retry: CloseRetry;
}

/** Every close code the room sends, by name. */
export const CLOSE = {
  /** A malformed, truncated or unsupported message (unknown type, bad awareness state, ...). */
  protocolError: { code: 4400, reason: 'protocol error', retry: 'never' },
  /**
   * The connection's access token expired without an in-band refresh, or a refresh carried a
   * token that is invalid or expired (token-refresh extension, R39). A fresh token fixes it.
   */
  tokenRejected: { code: 4401, reason: 'token expired or invalid', retry: 'never' },
  /** The member lost access to the document (revoked membership or role). */
  permissionRevoked: { code: 4403, reason: 'permission revoked', retry: 'never' },
  /** One message exceeded the per-message size limit. */
  messageTooLarge: { code: 4413, reason: 'message too large', retry: 'never' },
  /** Applying the update would take the document over its plan's size limit. */
  documentTooLarge: { code: 4422, reason: 'document size limit reached', retry: 'never' },
  /** The document could not be loaded or persisted right now; nothing was lost, try again. */
  retryLater: { code: 4503, reason: 'document unavailable, retry later', retry: 'backoff' },
  /** The client read too slowly: its send buffer passed the ceiling. */
  slowConsumer: { code: 4508, reason: 'slow consumer', retry: 'backoff' },
  /** This node is shutting down after persisting everything; reconnect (to another node). */
  serverDraining: { code: 4512, reason: 'server draining, reconnect', retry: 'backoff' },
  /** Too many updates or awareness messages in a short time. */
  rateLimited: { code: 4529, reason: 'rate limited', retry: 'backoff' },
  /** The room already holds its maximum number of connections. */
  roomFull: { code: 4530, reason: 'room full', retry: 'backoff' },
  /** This node already holds its maximum number of open rooms. */
  nodeFull: { code: 4531, reason: 'server at capacity', retry: 'backoff' },
} as const satisfies Record<string, CloseSpec>;

/** The name of a catalogue entry. */
export type CloseName = keyof typeof CLOSE;

/** The close reason for a catalogue entry, with an optional detail (for example which limit). */
export function closeReason(spec: CloseSpec, detail?: string): string {
  const reason = detail === undefined ? spec.reason : `${spec.reason}: ${detail}`;
  return truncateUtf8(reason, MAX_CLOSE_REASON_BYTES);
}

/** RFC 6455: a close frame's payload is at most 125 bytes, two of which carry the code. */
export const MAX_CLOSE_REASON_BYTES = 123;

function truncateUtf8(text: string, maxBytes: number): string {
  const encoder = new TextEncoder();
  if (encoder.encode(text).length <= maxBytes) return text;
  let end = text.length;
  while (end > 0 && encoder.encode(text.slice(0, end)).length > maxBytes) end -= 1;
  return text.slice(0, end);
}

/** Looks a code up in the catalogue (for adapters mapping a close back to its meaning). */
export function closeSpecFor(code: number): CloseSpec | undefined {
  return Object.values(CLOSE).find((spec) => spec.code === code);
}
