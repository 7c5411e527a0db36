import type { DataSource } from 'typeorm';
import { randomToken } from '../../../platform/crypto/secret-box.js';
import { withGlobal, withTenant } from '../../../platform/db/unit-of-work.js';
import { AppError } from '../../../platform/errors.js';
import type { Logger } from '../../../platform/logging/logger.js';
import { recordAudit } from '../../audit/index.js';
import { LOCKOUT_THRESHOLD, lockedOut, loginThrottle } from '../login-throttle.js';
import { hashPassword, verifyPassword } from '../password.js';
import { loadTenantSummary, type TenantSummary } from '../request-tenant.js';
import type { SecondFactor, SecondFactorKind } from '../second-factor.js';
import type { IssuedSession, SessionIssuer } from '../session-issuer.js';
import type { User } from '../user.entity.js';
import { userRepository } from '../user.repository.js';

export interface LoginDeps {
  dataSource: DataSource;
  sessions: SessionIssuer;
  secondFactor: SecondFactor;
  logger?: Logger;
}

export interface LoginInput {
  tenantId: string;
  email: string;
  password: string;
  totp?: string | undefined;
  ip?: string | undefined;
  userAgent?: string | undefined;
}

export interface LoginResult {
  session: IssuedSession;
  user: User;
  tenant: TenantSummary;
}

let dummyHash: Promise<string> | null = null;

/**
 * A real scrypt hash of nothing anyone knows: verifying against it makes a login for an unknown
 * email (or a password-less account) cost the same time as one for a real user.
 */
function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomToken());
  return dummyHash;
}

/** The one answer for an unknown email and a wrong password, so neither reveals which it was. */
function invalidCredentials(): AppError {
  return new AppError('unauthenticated', 'Invalid email or password');
}

/**
 * Password (+ TOTP or recovery code) login into the request's tenant: checks the credentials under
 * the per-user lockout, then starts a session (refresh-token family) in that tenant.
 */
export async function loginUser(deps: LoginDeps, input: LoginInput): Promise<LoginResult> {
  const { dataSource: ds } = deps;
  const user = await withGlobal(ds, (tx) => userRepository.findByEmail(tx, input.email));
  if (!user?.passwordHash) {
    await verifyPassword(input.password, await dummyPasswordHash());
    throw invalidCredentials();
  }
  const reservation = await withGlobal(ds, (tx) => loginThrottle.reserve(tx, user.id));
  if (!reservation.ok) throw lockedOut(reservation.retryAfterSeconds);
  const failed = (error: AppError): AppError => {
    if (reservation.failedLogins >= LOCKOUT_THRESHOLD) {
      deps.logger?.warn(
        { userId: user.id, failedLogins: reservation.failedLogins },
        'login locked after repeated failures',
      );
    }
    return error;
  };
  const refund = () => withGlobal(ds, (tx) => loginThrottle.refund(tx, user.id));

  if (!(await verifyPassword(input.password, user.passwordHash)))
    throw failed(invalidCredentials());

  const isMember = await withTenant(ds, input.tenantId, async (tx) => {
    const rows = await tx.query<unknown[]>(
      `SELECT 1 FROM memberships WHERE tenant_id = $1 AND user_id = $2`,
      [input.tenantId, user.id],
    );
    return rows.length > 0;
  });
  if (!isMember) {
    await refund();
    throw new AppError('forbidden', 'You are not a member of this tenant', {
      details: { reason: 'not_a_member' },
    });
  }

  let secondFactor: SecondFactorKind | 'none' = 'none';
  if (deps.secondFactor.isEnabled(user)) {
    if (!input.totp) {
      await refund();
      throw new AppError('unauthenticated', 'A TOTP or recovery code is required', {
        details: { mfaRequired: true },
      });
    }
    const code = input.totp;
    const kind = await withGlobal(ds, (tx) => deps.secondFactor.verify(tx, user, code));
    if (!kind) {
      throw failed(
        new AppError('unauthenticated', 'Invalid TOTP or recovery code', {
          details: { mfaRequired: true },
        }),
      );
    }
    secondFactor = kind;
  }

  await withGlobal(ds, (tx) => loginThrottle.clear(tx, user.id));
  return withTenant(ds, input.tenantId, async (tx) => {
    const tenant = await loadTenantSummary(tx, input.tenantId);
    if (!tenant) throw new AppError('not_found', 'Unknown tenant');
    const session = await deps.sessions.createSession(tx, {
      tenantId: input.tenantId,
      userId: user.id,
      ip: input.ip ?? null,
      userAgent: input.userAgent ?? null,
    });
    await recordAudit(tx, {
      tenantId: input.tenantId,
      action: 'session.created',
      targetType: 'session',
      targetId: session.sessionId,
      after: { userId: user.id, method: 'password', secondFactor },
      actor: { kind: 'user', userId: user.id },
    });
    return { session, user, tenant };
  });
}
