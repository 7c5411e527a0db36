import pg from 'pg';
import { dropDatabase, provisionDatabase, RUNTIME_GROUP_ROLE } from '../provision.js';

const superuserUrl = process.env.TEST_PG_SUPERUSER_URL ?? '';
const database = `folio_t_provision_${Date.now().toString(36)}`;
const options = {
  database,
  ownerRole: 'folio_test_prov_owner',
  ownerPassword: 'owner-pw',
  runtimeRole: 'folio_test_prov_app',
  runtimePassword: 'it\'s a "quoted" pw',
};

async function query<T extends pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  await dropDatabase(superuserUrl, database);
});

describe('provisionDatabase', () => {
  it('is idempotent and safe when several processes provision at once', async () => {
    const results = await Promise.all(
      [1, 2, 3].map(() => provisionDatabase(superuserUrl, options)),
    );
    const again = await provisionDatabase(superuserUrl, options);
    expect(new Set([...results, again].map((r) => r.runtimeUrl)).size).toBe(1);
    const [row] = await query<{ owner: string }>(
      superuserUrl,
      `SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1`,
      [database],
    );
    expect(row?.owner).toBe(options.ownerRole);
  });

  it('creates a runtime login that is a plain member of folio_runtime and a NOLOGIN group', async () => {
    const { runtimeUrl } = await provisionDatabase(superuserUrl, options);
    const roles = await query<{
      rolname: string;
      rolcanlogin: boolean;
      rolsuper: boolean;
      rolbypassrls: boolean;
      rolcreatedb: boolean;
      rolcreaterole: boolean;
    }>(
      superuserUrl,
      `SELECT rolname, rolcanlogin, rolsuper, rolbypassrls, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = ANY($1) ORDER BY rolname`,
      [[RUNTIME_GROUP_ROLE, options.runtimeRole]],
    );
    expect(roles).toEqual([
      {
        rolname: RUNTIME_GROUP_ROLE,
        rolcanlogin: false,
        rolsuper: false,
        rolbypassrls: false,
        rolcreatedb: false,
        rolcreaterole: false,
      },
      {
        rolname: options.runtimeRole,
        rolcanlogin: true,
        rolsuper: false,
        rolbypassrls: false,
        rolcreatedb: false,
        rolcreaterole: false,
      },
    ]);
    // The password with quotes survived quoting, and the runtime role can connect through folio_runtime.
    const [me] = await query<{ user: string; member: boolean }>(
      runtimeUrl,
      `SELECT current_user AS user, pg_has_role(current_user, $1, 'MEMBER') AS member`,
      [RUNTIME_GROUP_ROLE],
    );
    expect(me).toEqual({ user: options.runtimeRole, member: true });
  });

  it('lets only the owner and folio_runtime connect, and the owner create in public', async () => {
    const { ownerUrl } = await provisionDatabase(superuserUrl, options);
    const [acl] = await query<{ public_connect: boolean; public_create: boolean }>(
      ownerUrl,
      `SELECT has_database_privilege('public', current_database(), 'CONNECT') AS public_connect,
              has_schema_privilege('public', 'public', 'CREATE') AS public_create`,
    );
    expect(acl).toEqual({ public_connect: false, public_create: false });
    await query(ownerUrl, `CREATE TABLE IF NOT EXISTS owner_probe (id int)`);
    const [owned] = await query<{ owner: string }>(
      ownerUrl,
      `SELECT tableowner AS owner FROM pg_tables WHERE tablename = 'owner_probe'`,
    );
    expect(owned?.owner).toBe(options.ownerRole);
  });

  it('rejects names PostgreSQL would truncate and a runtime role equal to the owner', async () => {
    await expect(
      provisionDatabase(superuserUrl, { ...options, database: 'x'.repeat(64) }),
    ).rejects.toThrow(/identifier/);
    await expect(
      provisionDatabase(superuserUrl, { ...options, runtimeRole: options.ownerRole }),
    ).rejects.toThrow(/different/);
  });

  it('dropDatabase terminates open sessions and tolerates a missing database', async () => {
    const name = `${database}_drop`;
    const { runtimeUrl } = await provisionDatabase(superuserUrl, { ...options, database: name });
    const open = new pg.Client({ connectionString: runtimeUrl });
    open.on('error', () => undefined);
    await open.connect();
    await dropDatabase(superuserUrl, name);
    const rows = await query(superuserUrl, `SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
    expect(rows).toHaveLength(0);
    await open.end().catch(() => undefined);
    await expect(dropDatabase(superuserUrl, name)).resolves.toBeUndefined();
  });
});
