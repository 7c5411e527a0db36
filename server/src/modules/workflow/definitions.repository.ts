import type { EntityManager } from 'typeorm';
import { BUILT_IN_DEFINITION, BUILT_IN_KEY } from './default-definition.js';
import type { WorkflowDefinition } from './definition.schema.js';

/** A definition as the engine uses it: stored by the tenant or the built-in one. */
export interface DefinitionRecord {
  key: string;
  name: string;
  definition: WorkflowDefinition;
  isDefault: boolean;
  /** 0 for the built-in definition, which was never stored. */
  revision: number;
  builtIn: boolean;
  createdAt: Date | null;
  updatedAt: Date | null;
}

interface Row {
  key: string;
  name: string;
  definition: WorkflowDefinition;
  is_default: boolean;
  revision: number;
  created_at: Date;
  updated_at: Date;
}

const toRecord = (row: Row): DefinitionRecord => ({
  key: row.key,
  name: row.name,
  definition: row.definition,
  isDefault: row.is_default,
  revision: row.revision,
  builtIn: false,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

function builtIn(isDefault: boolean): DefinitionRecord {
  return {
    key: BUILT_IN_KEY,
    ...BUILT_IN_DEFINITION,
    isDefault,
    revision: 0,
    builtIn: true,
    createdAt: null,
    updatedAt: null,
  };
}

/** workflow_definitions; callers are inside withTenant. */
export const definitionsRepository = {
  /** Every definition the tenant can use: its stored ones plus the built-in unless replaced. */
  async list(tx: EntityManager, tenantId: string): Promise<DefinitionRecord[]> {
    const rows = await tx.query<Row[]>(
      `SELECT key, name, definition, is_default, revision, created_at, updated_at
         FROM workflow_definitions WHERE tenant_id = $1 ORDER BY key`,
      [tenantId],
    );
    const stored = rows.map(toRecord);
    if (stored.some((d) => d.key === BUILT_IN_KEY)) return stored;
    return [builtIn(!stored.some((d) => d.isDefault)), ...stored];
  },

  async find(tx: EntityManager, tenantId: string, key: string): Promise<DefinitionRecord | null> {
    const all = await definitionsRepository.list(tx, tenantId);
    return all.find((d) => d.key === key) ?? null;
  },

  /** The definition new documents start in: the one marked default, else `default`. */
  async tenantDefault(tx: EntityManager, tenantId: string): Promise<DefinitionRecord> {
    const all = await definitionsRepository.list(tx, tenantId);
    return all.find((d) => d.isDefault) ?? all.find((d) => d.key === BUILT_IN_KEY) ?? builtIn(true);
  },

  /** The stored row, locked for the rest of the transaction. */
  async lockStored(
    tx: EntityManager,
    tenantId: string,
    key: string,
  ): Promise<DefinitionRecord | null> {
    const rows = await tx.query<Row[]>(
      `SELECT key, name, definition, is_default, revision, created_at, updated_at
         FROM workflow_definitions WHERE tenant_id = $1 AND key = $2 FOR UPDATE`,
      [tenantId, key],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  },

  /** Inserts or replaces; the revision goes up by one on every replace. */
  async upsert(
    tx: EntityManager,
    tenantId: string,
    input: { key: string; name: string; definition: WorkflowDefinition; isDefault: boolean },
  ): Promise<void> {
    if (input.isDefault) {
      await tx.query(
        `UPDATE workflow_definitions SET is_default = false
          WHERE tenant_id = $1 AND is_default AND key <> $2`,
        [tenantId, input.key],
      );
    }
    await tx.query(
      `INSERT INTO workflow_definitions (tenant_id, key, name, definition, is_default)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id, key) DO UPDATE
         SET name = EXCLUDED.name, definition = EXCLUDED.definition,
             is_default = EXCLUDED.is_default,
             revision = workflow_definitions.revision + 1, updated_at = now()`,
      [tenantId, input.key, input.name, JSON.stringify(input.definition), input.isDefault],
    );
  },

  async remove(tx: EntityManager, tenantId: string, key: string): Promise<void> {
    await tx.query(`DELETE FROM workflow_definitions WHERE tenant_id = $1 AND key = $2`, [
      tenantId,
      key,
    ]);
  },

  /** Stages documents of this definition sit in now, for refusing a change that strands them. */
  async stagesInUse(tx: EntityManager, tenantId: string, key: string): Promise<string[]> {
    const rows = await tx.query<{ stage: string }[]>(
      `SELECT DISTINCT stage FROM document_workflows WHERE tenant_id = $1 AND workflow_key = $2`,
      [tenantId, key],
    );
    return rows.map((r) => r.stage);
  },
};
