import { LOCKOUT_MAX_SECONDS, LOCKOUT_THRESHOLD, lockSeconds } from './login-throttle.js';

describe('lockSeconds', () => {
  it('does not lock before the threshold', () => {
    for (let n = 0; n < LOCKOUT_THRESHOLD; n += 1) expect(lockSeconds(n)).toBe(0);
  });

  it('doubles from one second at the fifth consecutive failure', () => {
    expect(LOCKOUT_THRESHOLD).toBe(5);
    expect([5, 6, 7, 8, 9].map(lockSeconds)).toEqual([1, 2, 4, 8, 16]);
  });

  it('is capped at fifteen minutes', () => {
    expect(LOCKOUT_MAX_SECONDS).toBe(900);
    expect(lockSeconds(14)).toBe(512);
    expect(lockSeconds(15)).toBe(900);
    expect(lockSeconds(10_000)).toBe(900);
  });
});
