import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A custom host belongs to the tenant that proves it controls the DNS, not to whichever tenant
 * typed it first: uniqueness now holds among verified domains only, so an unverified claim on
 * someone else's host squats nothing. Two tenants may both have `docs.acme.com` pending; the
 * first to verify wins and the other's verification fails with a conflict. A primary domain
 * must be verified (it is where HTML requests are redirected).
 */
export class VerifiedDomainHosts1795360000000 implements MigrationInterface {
  name = 'VerifiedDomainHosts1795360000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX domains_host_key`);
    await q.query(
      `CREATE UNIQUE INDEX domains_verified_host_key ON domains (host) WHERE verified_at IS NOT NULL`,
    );
    await q.query(`ALTER TABLE domains ADD CONSTRAINT domains_primary_is_verified
      CHECK (NOT is_primary OR verified_at IS NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE domains DROP CONSTRAINT domains_primary_is_verified`);
    await q.query(`DROP INDEX domains_verified_host_key`);
    await q.query(`CREATE UNIQUE INDEX domains_host_key ON domains (host)`);
  }
}
