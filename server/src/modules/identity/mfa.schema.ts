import { z } from 'zod';

/** A TOTP code or a recovery code, for verify, disable and regenerate. */
export const codeBody = z.strictObject({
  code: z.string().trim().min(1).max(64),
});
