import { AppError } from '../../platform/errors.js';
import { ifMatchRevision, rescheduleBody, scheduleBody } from './workflow.schema.js';

describe('workflow request parsing', () => {
  it('reads the revision an If-Match header names', () => {
    expect(ifMatchRevision(undefined)).toBeNull();
    expect(ifMatchRevision('*')).toBeNull();
    expect(ifMatchRevision('"3"')).toBe(3);
    expect(ifMatchRevision('W/"12"')).toBe(12);
    expect(ifMatchRevision('7')).toBe(7);
    expect(() => ifMatchRevision('"abc"')).toThrow(AppError);
  });

  it('takes schedule times in the future and within a year only', () => {
    const soon = new Date(Date.now() + 60_000).toISOString();
    expect(scheduleBody.parse({ runAt: soon }).runAt).toEqual(new Date(soon));
    expect(rescheduleBody.safeParse({ runAt: '2001-01-01T00:00:00Z' }).success).toBe(false);
    const far = new Date(Date.now() + 400 * 24 * 3600_000).toISOString();
    expect(scheduleBody.safeParse({ runAt: far }).success).toBe(false);
    expect(scheduleBody.safeParse({ runAt: 'tomorrow' }).success).toBe(false);
  });
});
