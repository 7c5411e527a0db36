import { AppError } from '../errors.js';
import { createKeyspace } from './keys.js';

/** The hash tag Redis Cluster uses to pick a slot: the first `{…}` with something inside. */
function hashTag(key: string): string {
  const open = key.indexOf('{');
  const close = open === -1 ? -1 : key.indexOf('}', open + 1);
  return open === -1 || close <= open + 1 ? key : key.slice(open + 1, close);
}

describe('createKeyspace', () => {
  const keys = createKeyspace('folio');

  it('tags tenant keys so one tenant shares a cluster slot', () => {
    expect(keys.tenant('t1', 'rate', 'api')).toBe('folio:{t:t1}:rate:api');
    expect(hashTag(keys.tenant('t1', 'a'))).toBe(hashTag(keys.tenant('t1', 'b', 'c')));
    expect(hashTag(keys.tenant('t1', 'a'))).not.toBe(hashTag(keys.tenant('t2', 'a')));
  });

  it('tags room keys and channels so one room shares a cluster slot', () => {
    expect(keys.room('doc-1', 'updates')).toBe('folio:{r:doc-1}:updates');
    expect(keys.room('doc-1')).toBe('folio:{r:doc-1}');
    expect(hashTag(keys.room('doc-1', 'lease'))).toBe('r:doc-1');
  });

  it('builds untagged global keys and a tagged bull prefix', () => {
    expect(keys.global('tenants', 'by-host', 'demo.localhost')).toBe(
      'folio:tenants:by-host:demo.localhost',
    );
    expect(keys.bullPrefix()).toBe('folio:{bull}');
    expect(keys.matchAll()).toBe('folio:*');
  });

  it('allows colons inside parts (IPv6 addresses in rate-limit keys)', () => {
    expect(keys.global('ip', '::1')).toBe('folio:ip:::1');
  });

  it.each([
    ['an empty part', () => keys.tenant('t1', '')],
    ['an empty tenant id', () => keys.tenant('')],
    ['a brace in a part', () => keys.room('d1', 'x{y}')],
    ['a brace in an id', () => keys.tenant('a}b')],
    ['a control character', () => keys.global('a\nb')],
    ['a global key without parts', () => keys.global()],
  ])('refuses %s with bad_request', (_name, build) => {
    expect(build).toThrow(AppError);
    try {
      build();
    } catch (err) {
      expect((err as AppError).code).toBe('bad_request');
    }
  });

  it.each(['', 'has space', 'glob*', 'trailing:', 'br{ace}'])('refuses the prefix %p', (prefix) => {
    expect(() => createKeyspace(prefix)).toThrow(AppError);
  });
});
