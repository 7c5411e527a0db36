import { CLOSE, closeReason, closeSpecFor, MAX_CLOSE_REASON_BYTES } from './close-codes.js';

const specs = Object.entries(CLOSE);

describe('close-code catalogue', () => {
  it('R26: every code is unique and in the application range 4000–4999', () => {
    const codes = specs.map(([, spec]) => spec.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code >= 4000 && code <= 4999).toBe(true);
  });

  it.each(specs)('R26: %s follows the y-websocket retry convention', (_name, spec) => {
    // y-websocket >= 3.1 stops reconnecting on 4400–4499 and backs off on everything else.
    const isPermanent = spec.code >= 4400 && spec.code < 4500;
    expect(spec.retry).toBe(isPermanent ? 'never' : 'backoff');
    expect(isPermanent || (spec.code >= 4500 && spec.code < 4600)).toBe(true);
  });

  it('R26: the catalogue names every limit the brief asks for', () => {
    expect(Object.keys(CLOSE).sort()).toEqual(
      [
        'documentTooLarge',
        'messageTooLarge',
        'nodeFull',
        'permissionRevoked',
        'protocolError',
        'rateLimited',
        'retryLater',
        'roomFull',
        'serverDraining',
        'slowConsumer',
        'tokenRejected',
      ].sort(),
    );
  });

  it('R26: reasons always fit a close frame, details included', () => {
    const encoder = new TextEncoder();
    for (const [, spec] of specs) {
      expect(encoder.encode(closeReason(spec)).length).toBeLessThanOrEqual(MAX_CLOSE_REASON_BYTES);
      const long = closeReason(spec, 'é'.repeat(200));
      expect(encoder.encode(long).length).toBeLessThanOrEqual(MAX_CLOSE_REASON_BYTES);
      expect(long.startsWith(spec.reason)).toBe(true);
    }
    expect(closeReason(CLOSE.rateLimited, 'awareness')).toBe('rate limited: awareness');
  });

  it('R26: a code maps back to its catalogue entry', () => {
    expect(closeSpecFor(4422)).toBe(CLOSE.documentTooLarge);
    expect(closeSpecFor(1000)).toBeUndefined();
  });
});
