import { Writable } from 'node:stream';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { createLogger } from '../../platform/logging/logger.js';
import { withCredentials } from '../../platform/db/provision.js';
import { migrateCommand } from '../migrate.js';

let db: TestDatabase;

/** A logger whose lines the test can read. */
function capture(): { logger: ReturnType<typeof createLogger>; text: () => string } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), text: () => lines.join('') };
}

beforeAll(async () => {
  db = await createTestDatabase('cli_migrate');
});

afterAll(async () => {
  await db?.drop();
});

describe('npm run migrate', () => {
  it('exits 1 naming DATABASE_OWNER_URL when it is missing or not a postgres URL', async () => {
    const missing = capture();
    expect(await migrateCommand({}, missing.logger)).toBe(1);
    expect(missing.text()).toContain('DATABASE_OWNER_URL: is required');
    const invalid = capture();
    expect(await migrateCommand({ DATABASE_OWNER_URL: 'mysql://x' }, invalid.logger)).toBe(1);
    expect(invalid.text()).toContain('DATABASE_OWNER_URL: must be a URL');
  });

  it('migrates and verifies the runtime role', async () => {
    const out = capture();
    const code = await migrateCommand(
      { DATABASE_OWNER_URL: db.ownerUrl, DATABASE_URL: db.runtimeUrl },
      out.logger,
    );
    expect(code).toBe(0);
    expect(out.text()).toContain('database schema is up to date');
    expect(out.text()).toContain('runtime role verified');
    expect(out.text()).not.toContain('folio-test-app-password');
  });

  it('exits 1 when DATABASE_URL could bypass row-level security', async () => {
    const out = capture();
    const superuser = withCredentials(db.superuserUrl, { database: db.database });
    const code = await migrateCommand(
      { DATABASE_OWNER_URL: db.ownerUrl, DATABASE_URL: superuser },
      out.logger,
    );
    expect(code).toBe(1);
    expect(out.text()).toContain('is a superuser');
  });
});
