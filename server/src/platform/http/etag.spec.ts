import { AppError } from '../errors.js';
import {
  assertIfMatch,
  parseIfMatch,
  parseIfMatchRevisions,
  representationEtag,
  revisionEtag,
} from './etag.js';

describe('ETag / If-Match helpers', () => {
  it('parses If-Match lists: strong and weak tags, `*` and absence mean no precondition', () => {
    expect(parseIfMatch(undefined)).toBeNull();
    expect(parseIfMatch(' * ')).toBeNull();
    expect(parseIfMatch('')).toBeNull();
    expect(parseIfMatch('"a", W/"b" ,garbage')).toEqual(['"a"', '"b"']);
    expect(parseIfMatch('garbage')).toEqual([]);
  });

  it('reads revisions out of tags; a tag that is no revision matches none', () => {
    expect(parseIfMatchRevisions('"3", W/"4", "x"')).toEqual([3, 4]);
    expect(parseIfMatchRevisions('"x"')).toEqual([]);
    expect(parseIfMatchRevisions(undefined)).toBeNull();
    expect(revisionEtag(7)).toBe('"7"');
  });

  it('tags a representation by its content', () => {
    const tag = representationEtag({ a: 1, b: 'x' });
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(representationEtag({ a: 1, b: 'x' })).toBe(tag);
    expect(representationEtag({ a: 2, b: 'x' })).not.toBe(tag);
  });

  it('refuses a stale tag with 412, the current tag and representation', () => {
    const current = { title: 'Now' };
    expect(() => assertIfMatch(null, current)).not.toThrow();
    expect(() => assertIfMatch([representationEtag(current)], current)).not.toThrow();
    let thrown: unknown;
    try {
      assertIfMatch(['"stale"'], current, 'The thing');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect(thrown).toMatchObject({
      code: 'precondition_failed',
      details: { etag: representationEtag(current), current },
    });
  });
});
