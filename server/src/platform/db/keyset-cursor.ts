import { AppError } from '../errors.js';

/**
 * Keyset cursors over (created_at, id). The timestamp travels as PostgreSQL's own microsecond text
 * (see CURSOR_TIMESTAMP_SQL): a JavaScript Date keeps only milliseconds and would skip or repeat
 * rows created within the same millisecond.
 */
export interface Keyset {
  createdAt: string;
  id: string;
}

/** SQL turning a timestamptz column into the cursor's timestamp text (UTC, microseconds). */
export function cursorTimestampSql(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** An opaque cursor for the last row of a page. */
export function encodeCursor(keyset: Keyset): string {
  return Buffer.from(`${keyset.createdAt}|${keyset.id}`, 'utf8').toString('base64url');
}

/** The keyset of a cursor from a previous page; 400 `validation_failed` for anything else. */
export function decodeCursor(cursor: string): Keyset {
  const [createdAt, id, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (extra !== undefined || !createdAt || !id || !TIMESTAMP.test(createdAt) || !UUID.test(id)) {
    throw new AppError('validation_failed', 'Invalid request query', {
      details: [{ path: 'query.cursor', message: 'must be a cursor returned by a previous page' }],
    });
  }
  return { createdAt, id };
}
