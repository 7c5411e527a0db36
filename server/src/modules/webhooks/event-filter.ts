/** Which event types an endpoint hears: exact types, `prefix.*` families, or `*` for all. */

/** One entry of an endpoint's `eventTypes`. */
export const EVENT_TYPE_PATTERN =
  /^(\*|[a-z][a-z_]*(\.[a-z][a-z_]*)*\.\*|[a-z][a-z_]*(\.[a-z][a-z_]*)+)$/;

/** True when an event of `type` is delivered to an endpoint subscribed to `patterns`. */
export function isSubscribed(patterns: readonly string[], type: string): boolean {
  return patterns.some((pattern) => {
    if (pattern === '*') return true;
    if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
    return pattern === type;
  });
}
