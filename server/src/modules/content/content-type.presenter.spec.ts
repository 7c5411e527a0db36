import { parseIfMatch } from './content-type.presenter.js';

describe('parseIfMatch', () => {
  it('accepts any revision when absent or *', () => {
    expect(parseIfMatch(undefined)).toBeNull();
    expect(parseIfMatch('')).toBeNull();
    expect(parseIfMatch(' * ')).toBeNull();
  });

  it('reads strong, weak and listed entity tags', () => {
    expect(parseIfMatch('"3"')).toEqual([3]);
    expect(parseIfMatch('W/"3"')).toEqual([3]);
    expect(parseIfMatch('"2", W/"5"')).toEqual([2, 5]);
  });

  it('yields no acceptable revision for tags that are not revisions', () => {
    expect(parseIfMatch('3')).toEqual([]);
    expect(parseIfMatch('"abc"')).toEqual([]);
  });
});
