import { normaliseRecoveryCode } from './recovery-codes.js';

describe('normaliseRecoveryCode', () => {
  it('ignores case, dashes and spaces', () => {
    expect(normaliseRecoveryCode('ABCD-efgh-2345')).toBe('abcdefgh2345');
    expect(normaliseRecoveryCode(' abcd efgh 2345 ')).toBe('abcdefgh2345');
  });

  it('rejects wrong lengths and characters outside the alphabet', () => {
    for (const bad of ['', 'abcd-efgh-234', 'abcd-efgh-23456', 'abcd-efgh-2301', '123456']) {
      expect(normaliseRecoveryCode(bad)).toBeNull();
    }
  });
});
