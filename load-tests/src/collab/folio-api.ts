/**
 * The public REST calls the benchmark needs from Folio: sign up a tenant (which yields an owner
 * and its tokens), refresh the access token (they live 10 minutes), create documents.
 */
import { randomBytes } from 'node:crypto';

/** A tenant's owner session; `accessToken` is what the collab endpoint takes as `?token=`. */
export interface FolioAccount {
  readonly tenantSlug: string;
  accessToken: string;
  refreshToken: string;
}

async function call<T>(
  baseUrl: string,
  path: string,
  body: object,
  headers: Record<string, string> = {},
): Promise<T> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** `POST /api/v1/signup` for a new, uniquely named tenant. */
export async function signUp(baseUrl: string): Promise<FolioAccount> {
  const tenantSlug = `bench-${randomBytes(4).toString('hex')}`;
  const result = await call<{ accessToken: string; refreshToken: string }>(baseUrl, '/signup', {
    tenantSlug,
    tenantName: 'Collab benchmark',
    email: `owner@${tenantSlug}.example.com`,
    password: randomBytes(18).toString('base64url'),
  });
  return { tenantSlug, accessToken: result.accessToken, refreshToken: result.refreshToken };
}

/** `POST /api/v1/auth/refresh`: a fresh access token (and the rotated refresh token). */
export async function refreshAccount(baseUrl: string, account: FolioAccount): Promise<void> {
  const result = await call<{ accessToken: string; refreshToken: string }>(
    baseUrl,
    '/auth/refresh',
    { refreshToken: account.refreshToken },
    { 'X-Folio-Tenant': account.tenantSlug },
  );
  account.accessToken = result.accessToken;
  account.refreshToken = result.refreshToken;
}

/** `POST /api/v1/documents`, `count` times; resolves with the ids in order. */
export async function createDocuments(
  baseUrl: string,
  account: FolioAccount,
  count: number,
  label: string,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const created = await call<{ id: string }>(
      baseUrl,
      '/documents',
      { title: `${label} ${i + 1}`, contentType: 'article' },
      { Authorization: `Bearer ${account.accessToken}`, 'X-Folio-Tenant': account.tenantSlug },
    );
    ids.push(created.id);
  }
  return ids;
}
