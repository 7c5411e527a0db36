import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Privileges every later migration builds on. Tables are created by the owner role that runs the
 * migrations; the application connects as a login role that is a member of `folio_runtime` and
 * owns nothing, so row-level security cannot be bypassed. The role name is spelled out here
 * rather than imported: a migration is history and must not change when application code does.
 */
export class Foundation1795305600000 implements MigrationInterface {
  name = 'Foundation1795305600000';

  async up(q: QueryRunner): Promise<void> {
    const [version] = (await q.query(
      `SELECT current_setting('server_version_num')::int AS num`,
    )) as {
      num: number;
    }[];
    if (!version || version.num < 130000) {
      // gen_random_uuid() is built in from PostgreSQL 13; older servers would need pgcrypto.
      throw new Error(
        `Folio needs PostgreSQL 13 or later (server reports ${version?.num ?? 'unknown'})`,
      );
    }
    const roles = (await q.query(
      `SELECT 1 FROM pg_roles WHERE rolname = 'folio_runtime'`,
    )) as unknown[];
    if (roles.length === 0) {
      throw new Error(
        'role "folio_runtime" does not exist: provision the database first (provisionDatabase creates ' +
          'the folio_runtime group role that the runtime login role belongs to)',
      );
    }
    await q.query(`GRANT USAGE ON SCHEMA public TO folio_runtime`);
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO folio_runtime`,
    );
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO folio_runtime`,
    );
    // The migrations table predates the default privileges above; revoke anyway, so that a grant
    // made by hand (or a changed default) never lets the application rewrite migration history.
    await q.query(`REVOKE ALL ON TABLE schema_migrations FROM folio_runtime, PUBLIC`);
    await q.query(`REVOKE ALL ON SEQUENCE schema_migrations_id_seq FROM folio_runtime, PUBLIC`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM folio_runtime`,
    );
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM folio_runtime`,
    );
    await q.query(`REVOKE USAGE ON SCHEMA public FROM folio_runtime`);
  }
}
