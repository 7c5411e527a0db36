import { digest } from '../../platform/crypto/secret-box.js';
import {
  formatInvitationToken,
  newInvitationSecret,
  parseInvitationToken,
} from './invitation-token.js';

const TENANT = '0b0c4b2e-7c57-4c43-9a0f-4b1c2f3e4d5a';
const INVITATION = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';

describe('invitation tokens', () => {
  it('round-trips and stores only the digest of a 256-bit secret', () => {
    const { secret, secretHash } = newInvitationSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(secretHash).toBe(digest(secret));
    const token = formatInvitationToken(TENANT, INVITATION, secret);
    expect(token).toBe(`inv.${TENANT}.${INVITATION}.${secret}`);
    expect(parseInvitationToken(token)).toEqual({
      tenantId: TENANT,
      invitationId: INVITATION,
      secret,
    });
  });

  it('makes a different secret every time', () => {
    expect(newInvitationSecret().secret).not.toBe(newInvitationSecret().secret);
  });

  it.each([
    '',
    'inv',
    `inv.${TENANT}.${INVITATION}`,
    `inv.${TENANT}.${INVITATION}.short`,
    `inv.${TENANT}.not-a-uuid.${'a'.repeat(43)}`,
    `frt.${TENANT}.${INVITATION}.${'a'.repeat(43)}`,
    `inv.${TENANT}.${INVITATION}.${'a'.repeat(43)}.extra`,
    ` inv.${TENANT}.${INVITATION}.${'a'.repeat(43)}`,
  ])('rejects the malformed token %p', (token) => {
    expect(parseInvitationToken(token)).toBeNull();
  });
});
