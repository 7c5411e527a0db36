/**
 * Reading an access token's claims without verifying it (the server verifies; the client only
 * needs to know when to refresh and whom to show in awareness). No Buffer: this runs in browsers.
 */

/** The claims the session reads: subject (user id) and expiry. */
export interface TokenClaims {
  readonly subject: string | undefined;
  /** Epoch milliseconds, or null when the token carries no `exp` (API keys are not JWTs). */
  readonly expiresAt: number | null;
}

/** Decodes a JWT's payload; an API key or malformed token yields no claims. */
export function readTokenClaims(token: string): TokenClaims {
  const parts = token.split('.');
  if (parts.length !== 3) return { subject: undefined, expiresAt: null };
  try {
    const base64 = parts[1]!.replace(/-/g, '+').replace(/_/g, '/');
    const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
    const binary = globalThis.atob(padded);
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    const payload = JSON.parse(new TextDecoder().decode(bytes)) as { sub?: unknown; exp?: unknown };
    return {
      subject: typeof payload.sub === 'string' ? payload.sub : undefined,
      expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : null,
    };
  } catch {
    return { subject: undefined, expiresAt: null };
  }
}
