import { AppError } from '../../platform/errors.js';
import { decodeCursor, isUuid } from './api-key.repository.js';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const ID = '3f1c1e1a-8a7b-4c3d-9e2f-0a1b2c3d4e5f';

describe('API key list cursors', () => {
  it('round-trips a cursor the list issued', () => {
    expect(decodeCursor(encode(['2026-01-02T03:04:05.123456Z', ID]))).toEqual({
      createdAt: '2026-01-02T03:04:05.123456Z',
      id: ID,
    });
  });

  it.each([
    ['not base64 json', 'a$b'],
    ['an object', encode({ createdAt: '2026-01-02T03:04:05.123456Z', id: ID })],
    ['a bad id', encode(['2026-01-02T03:04:05.123456Z', 'x'])],
    ['a date PostgreSQL would refuse', encode(['2026-02-30T03:04:05.123456Z', ID])],
    ['a date without microseconds', encode(['2026-01-02T03:04:05Z', ID])],
  ])('rejects %s with a 400', (_label, raw) => {
    let error: unknown;
    try {
      decodeCursor(raw);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('bad_request');
  });

  it('recognises UUIDs', () => {
    expect(isUuid(ID)).toBe(true);
    expect(isUuid('1')).toBe(false);
    expect(isUuid(`${ID}0`)).toBe(false);
  });
});
