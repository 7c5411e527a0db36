import pg from 'pg';
import type { DataSource } from 'typeorm';
import { withTenant } from '../../platform/db/unit-of-work.js';
import { MembershipEntity, tenantRepository } from '../../modules/tenancy/index.js';
import { verifyPassword, userRepository } from '../../modules/identity/index.js';
import { connectRuntime, createTestDatabase, type TestDatabase } from '../../test/database.js';
import { createMember } from '../../test/factories.js';
import { DEMO_OWNER_EMAIL, seedDemoTenant } from '../seed-demo.js';

describe('tenancy core under row-level security', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('tenancy');
    ds = await connectRuntime(db, 'tenancy', 4);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('seeds the demo tenant idempotently and updates a changed password', async () => {
    const first = await seedDemoTenant(ds, 'first-password');
    const second = await seedDemoTenant(ds, 'second-password');
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.tenant.id).toBe(first.tenant.id);
    const owner = await userRepository.findByEmail(ds.manager, DEMO_OWNER_EMAIL);
    expect(await verifyPassword('second-password', owner!.passwordHash!)).toBe(true);
    expect(await verifyPassword('first-password', owner!.passwordHash!)).toBe(false);
    const members = await withTenant(ds, first.tenant.id, (tx) =>
      tx.getRepository(MembershipEntity).find(),
    );
    expect(members).toEqual([
      expect.objectContaining({ role: 'owner', tenantId: first.tenant.id }),
    ]);
  });

  it('shows a tenant only its own memberships and refuses writes into another tenant', async () => {
    const a = await createMember(ds, { role: 'editor' });
    const b = await createMember(ds, { role: 'viewer' });
    const seenByA = await withTenant(ds, a.tenant.id, (tx) =>
      tx.getRepository(MembershipEntity).find(),
    );
    expect(seenByA.map((m) => m.userId)).toEqual([a.user.id]);
    await expect(
      withTenant(ds, a.tenant.id, (tx) =>
        tenantRepository.upsertMembership(tx, {
          tenantId: b.tenant.id,
          userId: a.user.id,
          role: 'owner',
        }),
      ),
    ).rejects.toThrow(/row-level security/);
    const seenByB = await withTenant(ds, b.tenant.id, (tx) =>
      tx.getRepository(MembershipEntity).find(),
    );
    expect(seenByB.map((m) => m.userId)).toEqual([b.user.id]);
  });

  it('shows zero tenant rows to raw SQL of the runtime role without the tenant setting', async () => {
    await createMember(ds);
    const client = new pg.Client({ connectionString: db.runtimeUrl });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT count(*)::int AS n FROM memberships');
      expect(rows[0].n).toBe(0);
    } finally {
      await client.end();
    }
  });
});
