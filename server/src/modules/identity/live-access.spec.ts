import { AppError } from '../../platform/errors.js';
import { createLogger } from '../../platform/logging/logger.js';
import type { Principal } from '../access/index.js';
import type { PrincipalIdentity } from './authenticator.js';
import { LiveAccessRegistry, type AccessDecision } from './live-access.js';

const T1 = '00000000-0000-4000-8000-000000000001';
const T2 = '00000000-0000-4000-8000-000000000002';
const logger = createLogger({ level: 'silent', name: 'live-access-spec' });

const member = (tenantId: string, userId: string, sessionId = 's1'): PrincipalIdentity => ({
  kind: 'member',
  tenantId,
  userId,
  sessionId,
});

/** A registry whose authenticator answers from `verdicts` (by user or key id) and counts calls. */
function setUp(verdicts: Record<string, Principal | Error>) {
  const calls: PrincipalIdentity[] = [];
  const applied: { target: string; decision: AccessDecision }[] = [];
  const registry = new LiveAccessRegistry<string>({
    logger,
    authenticator: {
      reauthorize: (identity) => {
        calls.push(identity);
        const verdict = verdicts[identity.kind === 'member' ? identity.userId : identity.apiKeyId];
        return verdict instanceof Error || verdict === undefined
          ? Promise.reject(verdict ?? new AppError('unauthenticated', 'gone'))
          : Promise.resolve(verdict);
      },
    },
    apply: (target, decision) => applied.push({ target, decision }),
  });
  return { registry, calls, applied };
}

const principal = (tenantId: string, userId: string): Principal => ({
  kind: 'member',
  tenantId,
  userId,
  sessionId: 's1',
  roleKey: 'viewer',
  permissions: new Set(['documents.read']),
  isStaff: false,
});

describe('LiveAccessRegistry', () => {
  it("re-checks only the changed member's connections, once per identity", async () => {
    const { registry, calls, applied } = setUp({ alice: principal(T1, 'alice') });
    registry.track(member(T1, 'alice'), 'alice-tab-1');
    registry.track(member(T1, 'alice'), 'alice-tab-2');
    registry.track(member(T1, 'bob'), 'bob-tab');
    registry.track(member(T2, 'alice'), 'alice-other-tenant');
    await registry.handle({ tenantId: T1, userId: 'alice', reason: 'role_changed' });
    expect(calls).toHaveLength(1);
    expect(applied.map((a) => a.target).sort()).toEqual(['alice-tab-1', 'alice-tab-2']);
    expect(applied.every((a) => a.decision.kind === 'keep')).toBe(true);
    expect(registry.applied).toEqual({ keep: 2, revoke: 0 });
  });

  it('revokes with the reason the authenticator gives', async () => {
    const ended = new AppError('unauthenticated', 'Session ended', {
      details: { reason: 'session_revoked' },
    });
    const { registry, applied } = setUp({ alice: ended });
    registry.track(member(T1, 'alice'), 'tab');
    await registry.handle({ tenantId: T1, userId: 'alice', reason: 'session_revoked' });
    expect(applied).toEqual([
      { target: 'tab', decision: { kind: 'revoke', reason: 'session_revoked', error: ended } },
    ]);
  });

  it('keeps connections as they are when the re-check itself fails (no mass disconnect)', async () => {
    const { registry, applied } = setUp({ alice: new Error('database unreachable') });
    registry.track(member(T1, 'alice'), 'tab');
    await registry.handle({ tenantId: T1, userId: 'alice', reason: 'role_changed' });
    expect(applied).toEqual([]);
  });

  it("re-checks the whole tenant on a role edit, and an API key's connections by key", async () => {
    const { registry, calls } = setUp({
      alice: principal(T1, 'alice'),
      bob: principal(T1, 'bob'),
      key1: principal(T1, 'x'),
    });
    registry.track(member(T1, 'alice'), 'a');
    registry.track(member(T1, 'bob'), 'b');
    registry.track({ kind: 'apiKey', tenantId: T1, apiKeyId: 'key1' }, 'k');
    await registry.handle({ tenantId: T1, reason: 'role_updated' });
    expect(calls).toHaveLength(3);
    calls.length = 0;
    await registry.handle({ tenantId: T1, apiKeyId: 'key1', reason: 'api_key_revoked' });
    expect(calls).toEqual([{ kind: 'apiKey', tenantId: T1, apiKeyId: 'key1' }]);
  });

  it('revokes when the tenant gate refuses (suspension, maintenance), keeping its error', async () => {
    const calls: string[] = [];
    const applied: AccessDecision[] = [];
    const maintenance = new AppError('unavailable', 'This tenant is in maintenance');
    const registry = new LiveAccessRegistry<string>({
      logger,
      authenticator: { reauthorize: () => Promise.resolve(principal(T1, 'alice')) },
      tenantGate: (tenantId) => {
        calls.push(tenantId);
        return Promise.reject(maintenance);
      },
      apply: (_target, decision) => applied.push(decision),
    });
    registry.track(member(T1, 'alice'), 'tab');
    await registry.handle({ tenantId: T1, reason: 'tenant_status' });
    expect(calls).toEqual([T1]);
    expect(applied).toEqual([{ kind: 'revoke', reason: maintenance.message, error: maintenance }]);
  });

  it('forgets a connection once untracked', async () => {
    const { registry, calls } = setUp({ alice: principal(T1, 'alice') });
    const untrack = registry.track(member(T1, 'alice'), 'tab');
    expect(registry.size).toBe(1);
    untrack();
    expect(registry.size).toBe(0);
    await registry.recheckAll();
    expect(calls).toEqual([]);
  });
});
