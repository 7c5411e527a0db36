import { AppError } from '../errors.js';
import { decodeCursor, encodeCursor } from './keyset-cursor.js';

describe('keyset cursors', () => {
  const keyset = {
    createdAt: '2026-03-01T10:11:12.123456Z',
    id: 'f47ac10b-58cc-4372-a567-0e02b2c3d479',
  };

  it('round-trips a keyset, keeping microseconds', () => {
    const cursor = encodeCursor(keyset);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(keyset);
  });

  it.each([
    '',
    'garbage',
    Buffer.from('2026-03-01|f47ac10b-58cc-4372-a567-0e02b2c3d479').toString('base64url'),
    Buffer.from(`${keyset.createdAt}|not-a-uuid`).toString('base64url'),
    Buffer.from(`${keyset.createdAt}|${keyset.id}|x`).toString('base64url'),
    Buffer.from(`${keyset.createdAt}'; DROP TABLE x; --|${keyset.id}`).toString('base64url'),
  ])('rejects %p with 400 validation_failed', (cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(AppError);
    try {
      decodeCursor(cursor);
    } catch (error) {
      expect((error as AppError).code).toBe('validation_failed');
    }
  });
});
