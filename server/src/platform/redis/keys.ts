import { AppError } from '../errors.js';

/**
 * The one place Redis keys and channel names are built. Every tenant-scoped key carries the hash
 * tag `{t:<tenantId>}` and every room-scoped key `{r:<documentId>}`, so on a Redis Cluster all of
 * a tenant's (or a room's) keys live in one slot: multi-key commands, Lua scripts and sharded
 * pub/sub channels about one room then work without CROSSSLOT errors. Global keys carry no tag
 * and spread over the cluster.
 */
export interface Keyspace {
  /** The configured prefix (REDIS_KEY_PREFIX), without a trailing colon. */
  readonly prefix: string;
  /** `prefix:{t:<tenantId>}:part:…` — keys of one tenant share a cluster slot. */
  tenant(tenantId: string, ...parts: string[]): string;
  /** `prefix:{r:<documentId>}:part:…` — keys and channels of one room share a cluster slot. */
  room(documentId: string, ...parts: string[]): string;
  /** `prefix:part:…` — keys that belong to no tenant or room (no hash tag). */
  global(...parts: string[]): string;
  /**
   * The prefix for bull queues: `prefix:{bull}`. Bull keys are `<prefix>:<queue>:<suffix>` and
   * its Lua scripts touch several of them, so they need one hash tag on a cluster.
   */
  bullPrefix(): string;
  /** A SCAN MATCH pattern for every key of this keyspace (tests, purges). */
  matchAll(): string;
}

// The prefix lands in SCAN MATCH patterns, so it may not contain glob characters either.
const PREFIX_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;
// Braces would open a second hash tag (only the first counts, so it would silently move keys to
// another slot); control characters make keys unreadable in redis-cli and logs.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_IN_PART = /[{}\u0000-\u001f\u007f]/;
const MAX_PART_LENGTH = 512;

function checkPart(kind: string, value: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new AppError('bad_request', `Redis key ${kind} must be a non-empty string`);
  }
  if (value.length > MAX_PART_LENGTH) {
    throw new AppError(
      'bad_request',
      `Redis key ${kind} is longer than ${MAX_PART_LENGTH} characters`,
    );
  }
  if (FORBIDDEN_IN_PART.test(value)) {
    throw new AppError(
      'bad_request',
      `Redis key ${kind} must not contain braces or control characters`,
      {
        details: { [kind]: value },
      },
    );
  }
  return value;
}

function join(head: string, parts: string[]): string {
  if (parts.length === 0) return head;
  return `${head}:${parts.map((p) => checkPart('part', p)).join(':')}`;
}

/** Builds the keyspace for one prefix (normally config.REDIS_KEY_PREFIX). */
export function createKeyspace(prefix: string): Keyspace {
  if (!PREFIX_PATTERN.test(prefix) || prefix.endsWith(':')) {
    throw new AppError(
      'bad_request',
      'Redis key prefix must be 1–64 letters, digits, ".", "_", "-" or ":"',
      {
        details: { prefix },
      },
    );
  }
  return {
    prefix,
    tenant: (tenantId, ...parts) => join(`${prefix}:{t:${checkPart('tenantId', tenantId)}}`, parts),
    room: (documentId, ...parts) =>
      join(`${prefix}:{r:${checkPart('documentId', documentId)}}`, parts),
    global: (...parts) => {
      if (parts.length === 0)
        throw new AppError('bad_request', 'A global Redis key needs at least one part');
      return join(prefix, parts);
    },
    bullPrefix: () => `${prefix}:{bull}`,
    matchAll: () => `${prefix}:*`,
  };
}
