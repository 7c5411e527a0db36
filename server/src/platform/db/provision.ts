import pg from 'pg';

/**
 * The NOLOGIN group role that migrations grant table privileges to. Runtime login roles are its
 * members; the foundation migration spells the same name out (migrations are frozen history).
 */
export const RUNTIME_GROUP_ROLE = 'folio_runtime';

export interface ProvisionOptions {
  database: string;
  ownerRole: string;
  ownerPassword: string;
  runtimeRole: string;
  runtimePassword: string;
}

/**
 * Serialise provisioning across processes: catalog updates racing on the same row (ALTER ROLE,
 * GRANT, ALTER DATABASE) fail with "tuple concurrently updated" rather than waiting.
 */
const PROVISION_LOCK_SPACE = 7410;
const MAX_IDENTIFIER_BYTES = 63;

/** SQLSTATEs meaning "someone else created it first" (the unique index can fire before the friendly check). */
const ALREADY_EXISTS = new Set(['42710', '42P04', '23505']);

/**
 * Creates (or brings up to date) the roles and database Folio needs, as a superuser: the
 * `folio_runtime` group, an owner login that owns the database and runs migrations, and a
 * runtime login that owns nothing and cannot bypass row-level security. Idempotent, and safe
 * when several processes provision at once; re-running resets both passwords.
 */
export async function provisionDatabase(
  superuserUrl: string,
  options: ProvisionOptions,
): Promise<{ ownerUrl: string; runtimeUrl: string }> {
  const { database, ownerRole, runtimeRole } = options;
  for (const name of [database, ownerRole, runtimeRole]) assertIdentifier(name);
  if (new Set([ownerRole, runtimeRole, RUNTIME_GROUP_ROLE]).size !== 3) {
    throw new Error(
      `owner role, runtime role and ${RUNTIME_GROUP_ROLE} must be three different roles`,
    );
  }
  await withClient(superuserUrl, async (c) => {
    const id = (name: string) => c.escapeIdentifier(name);
    const { rows } = await c.query<{ me: string }>('SELECT current_user AS me');
    if (rows[0]?.me === ownerRole || rows[0]?.me === runtimeRole) {
      // Enforcing NOSUPERUSER on the connecting superuser would demote it.
      throw new Error(
        `the owner and runtime roles must not be the provisioning superuser (${rows[0].me})`,
      );
    }
    await withAdvisoryLock(c, 'roles', async () => {
      await ensureRole(
        c,
        RUNTIME_GROUP_ROLE,
        'NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE',
      );
      await ensureRole(
        c,
        ownerRole,
        `LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD ${c.escapeLiteral(options.ownerPassword)}`,
      );
      await ensureRole(
        c,
        runtimeRole,
        `LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD ${c.escapeLiteral(options.runtimePassword)}`,
      );
      await c.query(`GRANT ${id(RUNTIME_GROUP_ROLE)} TO ${id(runtimeRole)}`);
    });
    // One lock per database, so that test workers creating many databases do not queue up.
    await withAdvisoryLock(c, `database:${database}`, async () => {
      await ignoreAlreadyExists(() =>
        c.query(
          `CREATE DATABASE ${id(database)} OWNER ${id(ownerRole)} TEMPLATE template0 ENCODING 'UTF8'`,
        ),
      );
      await c.query(`ALTER DATABASE ${id(database)} OWNER TO ${id(ownerRole)}`);
      // Only the owner and the runtime group may connect; other roles on a shared server may not.
      await c.query(`REVOKE ALL ON DATABASE ${id(database)} FROM PUBLIC`);
      await c.query(`GRANT CONNECT ON DATABASE ${id(database)} TO ${id(RUNTIME_GROUP_ROLE)}`);
      await withClient(withCredentials(superuserUrl, { database }), async (db) => {
        // PostgreSQL 15 already denies CREATE on public to PUBLIC; older servers and restored dumps may not.
        await db.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
        await db.query(`ALTER SCHEMA public OWNER TO ${db.escapeIdentifier(ownerRole)}`);
      });
    });
  });
  return {
    ownerUrl: withCredentials(superuserUrl, {
      database,
      user: ownerRole,
      password: options.ownerPassword,
    }),
    runtimeUrl: withCredentials(superuserUrl, {
      database,
      user: runtimeRole,
      password: options.runtimePassword,
    }),
  };
}

/** Drops a database, terminating its connections first; a missing database is not an error. */
export async function dropDatabase(superuserUrl: string, name: string): Promise<void> {
  assertIdentifier(name);
  await withClient(superuserUrl, async (c) => {
    // WITH (FORCE) terminates the sessions and refuses new ones atomically (PostgreSQL 13+).
    await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`);
  });
}

/** The URL with another database and optionally other credentials; host, port and options are kept. */
export function withCredentials(
  url: string,
  change: { database?: string; user?: string; password?: string },
): string {
  const u = new URL(url);
  if (change.database !== undefined) u.pathname = `/${encodeURIComponent(change.database)}`;
  if (change.user !== undefined) u.username = encodeURIComponent(change.user);
  if (change.password !== undefined) u.password = encodeURIComponent(change.password);
  return u.toString();
}

async function ensureRole(c: pg.Client, role: string, attributes: string): Promise<void> {
  const created = await ignoreAlreadyExists(() =>
    c.query(`CREATE ROLE ${c.escapeIdentifier(role)} ${attributes}`),
  );
  // An existing role may have drifted (or been created by hand): enforce the attributes anyway.
  if (!created) await c.query(`ALTER ROLE ${c.escapeIdentifier(role)} ${attributes}`);
}

/** Runs a CREATE; true when it created, false when the object already existed. */
async function ignoreAlreadyExists(create: () => Promise<unknown>): Promise<boolean> {
  try {
    await create();
    return true;
  } catch (error) {
    if (ALREADY_EXISTS.has(sqlState(error) ?? '')) return false;
    throw error;
  }
}

function sqlState(error: unknown): string | undefined {
  return typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string'
    ? error.code
    : undefined;
}

/** PostgreSQL silently truncates longer names, which would make two names collide. */
function assertIdentifier(name: string): void {
  if (name.length === 0 || Buffer.byteLength(name) > MAX_IDENTIFIER_BYTES || name.includes('\0')) {
    throw new Error(
      `invalid PostgreSQL identifier ${JSON.stringify(name)} (1 to ${MAX_IDENTIFIER_BYTES} bytes)`,
    );
  }
}

/** Holds a session-level advisory lock while fn runs; closing the session would release it too. */
async function withAdvisoryLock(c: pg.Client, key: string, fn: () => Promise<void>): Promise<void> {
  const params = [PROVISION_LOCK_SPACE, key];
  await c.query('SELECT pg_advisory_lock($1::int, hashtext($2))', params);
  try {
    await fn();
  } finally {
    await c.query('SELECT pg_advisory_unlock($1::int, hashtext($2))', params);
  }
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'folio-provision' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
