/**
 * Who a GraphQL request or connection acts as: the same rules as `/api/v1` and the realtime
 * endpoints — the tenant the Host (or `X-Folio-Tenant`) names, which the credentials must belong
 * to, else the credentials' own tenant. Anonymous access is refused.
 */
import { AppError } from '../../platform/errors.js';
import type { Principal } from '../access/index.js';
import type { Authenticator } from '../identity/index.js';
import { authorizeRealtime, isSlug, type TenantResolver } from '../tenancy/index.js';

/** What access is checked with. */
export interface GraphqlAccessDeps {
  readonly authenticator: Authenticator;
  readonly resolver: TenantResolver;
}

/** The bearer credential of an Authorization header; 401 when absent or malformed. */
export function bearerCredential(header: string | undefined): string {
  const match = /^Bearer +([\x21-\x7e]{1,4096})$/i.exec((header ?? '').trim());
  if (!match?.[1])
    throw new AppError('unauthenticated', 'Authorization: Bearer <token> is required');
  return match[1];
}

/** The principal of a request or connection; 401/403/404 as REST answers them. */
export async function graphqlPrincipal(
  deps: GraphqlAccessDeps,
  request: { host: string | undefined; tenantHeader?: string | undefined; token: unknown },
): Promise<Principal> {
  const token =
    typeof request.token === 'string' && request.token.length > 0 ? request.token : null;
  if (!token) throw new AppError('unauthenticated', 'A token is required');
  const access = await authorizeRealtime(deps, { host: request.host, token });
  const byHost = await deps.resolver.byHost(request.host);
  if (byHost === undefined && request.tenantHeader !== undefined) {
    const slug = request.tenantHeader.trim().toLowerCase();
    if (!isSlug(slug)) throw new AppError('bad_request', 'X-Folio-Tenant must be a tenant slug');
    const named = await deps.resolver.bySlug(slug);
    if (!named) throw new AppError('not_found', 'Unknown tenant');
    if (named.tenant.id !== access.principal.tenantId) {
      throw new AppError('forbidden', 'The credentials belong to another tenant');
    }
  }
  return access.principal;
}
