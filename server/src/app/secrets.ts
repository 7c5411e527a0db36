import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

const secretsSchema = z.object({
  folioSecret: z.string().min(32),
  ownerPassword: z.string().min(16),
  runtimePassword: z.string().min(16),
  demoPassword: z.string().min(8),
});

/** Secrets the embedded start generates once and keeps (mode 0600) in FOLIO_DATA_DIR. */
export type EmbeddedSecrets = z.infer<typeof secretsSchema>;

const generate = (bytes: number) => randomBytes(bytes).toString('base64url');

/** Reads `<dataDir>/secrets.json`, creating it (and filling any missing entry) on first use. */
export async function loadOrCreateSecrets(dataDir: string): Promise<EmbeddedSecrets> {
  const file = join(dataDir, 'secrets.json');
  let stored: Partial<EmbeddedSecrets> = {};
  try {
    stored = JSON.parse(await readFile(file, 'utf8')) as Partial<EmbeddedSecrets>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`Cannot read ${file}: ${(err as Error).message}`, { cause: err });
    }
  }
  const secrets = {
    folioSecret: stored.folioSecret ?? generate(48),
    ownerPassword: stored.ownerPassword ?? generate(24),
    runtimePassword: stored.runtimePassword ?? generate(24),
    demoPassword: stored.demoPassword ?? generate(12),
  };
  const parsed = secretsSchema.parse(secrets);
  if (JSON.stringify(parsed) !== JSON.stringify(stored)) {
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, `${JSON.stringify(parsed, null, 2)}\n`, { mode: 0o600 });
  }
  return parsed;
}
