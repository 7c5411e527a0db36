import { EntitySchema } from 'typeorm';

/** A document's metadata row; its content lives in the collaboration engine's update log. */
export interface DocumentRecord {
  tenantId: string;
  id: string;
  contentType: string;
  title: string;
  slug: string;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const DocumentEntity = new EntitySchema<DocumentRecord>({
  name: 'Document',
  tableName: 'documents',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    contentType: { name: 'content_type', type: 'text' },
    title: { type: 'text' },
    slug: { type: 'text' },
    createdBy: { name: 'created_by', type: 'uuid', nullable: true },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
    updatedAt: { name: 'updated_at', type: 'timestamptz', updateDate: true },
  },
});
