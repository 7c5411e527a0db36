/**
 * Shared set-up for the storage tests: runtime-role connections to one test database (subject to
 * row-level security, as the node's are), documents rows to hang logs on, and edited Y.Docs.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import * as Y from 'yjs';
import { withTenant } from '../../../../platform/db/unit-of-work.js';
import {
  connectRuntime,
  createTestDatabase,
  type TestDatabase,
} from '../../../../test/database.js';

/** A test database and the runtime-role data sources opened on it, closed by `close`. */
export interface StorageFixture {
  readonly db: TestDatabase;
  connect(): Promise<DataSource>;
  close(): Promise<void>;
}

/** Creates the database (call in beforeAll) and tracks every connection for `close`. */
export async function createStorageFixture(label: string): Promise<StorageFixture> {
  const db = await createTestDatabase(label);
  const sources: DataSource[] = [];
  return {
    db,
    connect: async () => {
      const ds = await connectRuntime(db, label, 4);
      sources.push(ds);
      return ds;
    },
    close: async () => {
      for (const ds of sources) if (ds.isInitialized) await ds.destroy();
      await db.drop();
    },
  };
}

/** A documents row of the tenant, so log rows have something to belong to. */
export async function createDocument(ds: DataSource, tenantId: string): Promise<string> {
  const id = randomUUID();
  await withTenant(ds, tenantId, (tx) =>
    tx.query(
      `INSERT INTO documents (tenant_id, id, content_type, title, slug) VALUES ($1, $2, 'page', 'Doc', $3)`,
      [tenantId, id, `doc-${id}`],
    ),
  );
  return id;
}

/** A document edited in `steps` small transactions, and each of its updates. */
export function editedDoc(steps: number, doc = new Y.Doc()): { doc: Y.Doc; updates: Uint8Array[] } {
  const updates: Uint8Array[] = [];
  const record = (update: Uint8Array) => updates.push(update);
  doc.on('update', record);
  for (let i = 0; i < steps; i += 1) {
    doc.getText('body').insert(0, `edit ${i} `);
    doc.getMap('fields').set(`k${i % 5}`, i);
  }
  doc.off('update', record);
  return { doc, updates };
}

/** Log rows a document has (the runtime role, in the tenant's transaction). */
export async function logRowCount(ds: DataSource, tenantId: string, documentId: string) {
  const rows = await withTenant(ds, tenantId, (tx) =>
    tx.query<{ n: string }[]>(`SELECT count(*) AS n FROM document_updates WHERE document_id = $1`, [
      documentId,
    ]),
  );
  return Number(rows[0]!.n);
}
