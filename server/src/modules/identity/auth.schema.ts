import { z } from 'zod';

/** `POST /auth/login`: `totp` takes a 6-digit TOTP code or a recovery code. */
export const loginBody = z.strictObject({
  email: z.string().trim().min(3).max(320),
  // Capped so a megabyte "password" cannot make scrypt (and the server) do needless work.
  password: z.string().min(1).max(1024),
  totp: z.string().trim().min(1).max(64).optional(),
});

/** `POST /auth/refresh` */
export const refreshBody = z.strictObject({
  refreshToken: z.string().min(1).max(512),
});

/** Endpoints that take no input still refuse a body with fields in it. */
export const emptyBody = z.union([z.undefined(), z.strictObject({})]);
