/**
 * Room keys. One RoomManager (and one storage) serves every tenant on a node, so the key a room is
 * known by carries the tenant as well as the document: `<tenantId>:<documentId>`. Document ids are
 * unique per tenant only by the schema's primary key, so the tenant must be part of the key, and
 * the storage needs it to set the transaction's tenant for row-level security.
 */

/** A tenant-qualified document, the unit a room and its stored log belong to. */
export interface RoomKey {
  readonly tenantId: string;
  readonly documentId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The key the RoomManager knows a tenant's document by. */
export function roomKey(tenantId: string, documentId: string): string {
  return `${tenantId}:${documentId}`;
}

/** Splits a room key; throws on anything else, since only the adapter builds keys. */
export function parseRoomKey(key: string): RoomKey {
  const [tenantId, documentId, ...rest] = key.split(':');
  if (
    tenantId === undefined ||
    documentId === undefined ||
    rest.length > 0 ||
    !UUID.test(tenantId) ||
    !UUID.test(documentId)
  ) {
    throw new RangeError(`not a room key: ${JSON.stringify(key)}`);
  }
  return { tenantId, documentId };
}

/** Whether a string is a UUID (document ids in `/collab/<documentId>`). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
