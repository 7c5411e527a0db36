import { EntitySchema } from 'typeorm';

/** A tenant's role: the five built-ins (permissions defined in code) or a custom one. */
export interface Role {
  tenantId: string;
  key: string;
  name: string;
  /** For custom roles; built-in roles take theirs from the catalogue in modules/access. */
  permissions: string[];
  isBuiltin: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const RoleEntity = new EntitySchema<Role>({
  name: 'Role',
  tableName: 'roles',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    key: { type: 'text', primary: true },
    name: { type: 'text' },
    permissions: { type: 'text', array: true, default: () => "'{}'" },
    isBuiltin: { name: 'is_builtin', type: 'boolean', default: false },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
    updatedAt: { name: 'updated_at', type: 'timestamptz', updateDate: true },
  },
});
