import { randomUUID } from 'node:crypto';
import { digest, SecretBox } from '../../platform/crypto/secret-box.js';
import { RefreshTokenCodec } from './refresh-token.js';

const box = (seed: string) => new SecretBox(seed.repeat(40).slice(0, 40));

describe('RefreshTokenCodec', () => {
  const codec = new RefreshTokenCodec(box('a'));
  const tenantId = randomUUID();
  const familyId = randomUUID();

  it('mints frt.<tenant>.<family>.<secret> and stores only the digest of the secret', () => {
    const { token, hash } = codec.mint(tenantId, familyId);
    expect(token).toMatch(/^frt\.[0-9a-f-]{36}\.[0-9a-f-]{36}\.[A-Za-z0-9_-]{65}$/);
    const parsed = codec.parse(token)!;
    expect(parsed).toEqual({ tenantId, familyId, secret: token.split('.')[3], authentic: true });
    expect(hash).toBe(digest(parsed.secret));
    expect(token).not.toContain(hash);
  });

  it('mints a different secret every time for the same family', () => {
    expect(codec.mint(tenantId, familyId).token).not.toBe(codec.mint(tenantId, familyId).token);
  });

  it('marks as inauthentic a secret that was made up, or moved to another family or tenant', () => {
    const { token } = codec.mint(tenantId, familyId);
    const secret = token.split('.')[3]!;
    const flipped = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
    expect(codec.parse(`frt.${tenantId}.${familyId}.${flipped}`)?.authentic).toBe(false);
    expect(codec.parse(`frt.${tenantId}.${randomUUID()}.${secret}`)?.authentic).toBe(false);
    expect(codec.parse(`frt.${randomUUID()}.${familyId}.${secret}`)?.authentic).toBe(false);
  });

  it('does not accept tokens minted under another FOLIO_SECRET', () => {
    const { token } = new RefreshTokenCodec(box('b')).mint(tenantId, familyId);
    expect(codec.parse(token)?.authentic).toBe(false);
  });

  it('rejects malformed tokens', () => {
    const { token } = codec.mint(tenantId, familyId);
    for (const bad of [
      '',
      'frt',
      token.replace('frt.', 'xrt.'),
      `${token}x`,
      token.slice(0, -1),
      `frt.not-a-uuid.${familyId}.${token.split('.')[3]}`,
      token.toUpperCase(),
    ]) {
      expect(codec.parse(bad)).toBeNull();
    }
  });
});
