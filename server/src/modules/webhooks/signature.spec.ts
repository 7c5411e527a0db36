import { isSubscribed } from './event-filter.js';
import { retryDelayMs, verdictOf } from './delivery.processor.js';
import { signatureHeader, signatureOf, verifyWebhookSignature } from './signature.js';

describe('webhook signatures', () => {
  const body = '{"id":"d1","event":{"type":"document.published"}}';
  const now = 1_800_000_000;

  it('signs "<timestamp>.<body>" once per secret and verifies with either', () => {
    const header = signatureHeader(['new', 'old'], now, body);
    expect(header).toBe(`v1=${signatureOf('new', now, body)}, v1=${signatureOf('old', now, body)}`);
    const input = { body, timestamp: String(now), signature: header, now };
    expect(verifyWebhookSignature({ ...input, secrets: ['old'] })).toBe(true);
    expect(verifyWebhookSignature({ ...input, secrets: ['new'] })).toBe(true);
    expect(verifyWebhookSignature({ ...input, secrets: ['other'] })).toBe(false);
  });

  it('refuses a changed body, a stale timestamp and a missing header', () => {
    const header = signatureHeader(['s'], now, body);
    const base = { body, timestamp: String(now), signature: header, secrets: ['s'], now };
    expect(verifyWebhookSignature({ ...base, body: `${body} ` })).toBe(false);
    expect(verifyWebhookSignature({ ...base, now: now + 301 })).toBe(false);
    expect(verifyWebhookSignature({ ...base, now: now + 301, toleranceSeconds: 600 })).toBe(true);
    expect(verifyWebhookSignature({ ...base, signature: undefined })).toBe(false);
    expect(verifyWebhookSignature({ ...base, timestamp: 'soon' })).toBe(false);
  });
});

describe('event type subscriptions', () => {
  it('matches exact types, families and everything', () => {
    expect(isSubscribed(['document.published'], 'document.published')).toBe(true);
    expect(isSubscribed(['document.published'], 'document.unpublished')).toBe(false);
    expect(isSubscribed(['workflow.*'], 'workflow.transitioned')).toBe(true);
    expect(isSubscribed(['workflow.*'], 'workflows.x')).toBe(false);
    expect(isSubscribed(['*'], 'comment.created')).toBe(true);
  });
});

describe('delivery outcomes', () => {
  it('retries 5xx and 429, fails other statuses at once', () => {
    expect(verdictOf(204)).toBe('succeeded');
    expect(verdictOf(500)).toBe('retry');
    expect(verdictOf(429)).toBe('retry');
    expect(verdictOf(404)).toBe('failed');
    expect(verdictOf(301)).toBe('failed');
  });

  it('backs off exponentially, capped at an hour', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(30)).toBe(3_600_000);
  });
});
