/** Response shapes of the REST routes the shell uses (docs/api*.md). */

export interface DocumentMeta {
  id: string;
  contentType: string;
  title: string;
  slug: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface FieldDef {
  key: string;
  kind: 'text' | 'richText' | 'number' | 'boolean' | 'date' | 'reference' | 'media' | 'list';
  label: string;
  required?: boolean;
  description?: string;
  maxLength?: number;
  min?: number;
  max?: number;
  integer?: boolean;
}

export interface ContentType {
  key: string;
  name: string;
  description?: string | null;
  fields: FieldDef[];
  isBuiltIn: boolean;
}

export interface Stage {
  key: string;
  name: string;
  initial?: boolean;
  terminal?: boolean;
}

export interface WorkflowDefinition {
  key: string;
  name: string;
  definition: { stages: Stage[] };
}

export interface TransitionOption {
  key: string;
  name: string;
  to: string;
  isAllowed: boolean;
  failures: { guard: string; message: string }[];
}

export interface Review {
  id: string;
  versionId: string;
  reviewerId: string;
  decision: 'approved' | 'changes_requested';
  note: string | null;
  createdAt: string;
  isStale: boolean;
  counts: boolean;
}

export interface Workflow {
  documentId: string;
  workflow: { key: string; name: string; revision: number };
  stage: { key: string; name: string; isTerminal: boolean };
  frozenVersionId: string | null;
  transitions: TransitionOption[];
  reviews: Review[];
  publication: { versionId: string; publishedAt: string; publishedBy: string | null } | null;
  history: {
    id: string;
    transition: string;
    fromStage: string;
    toStage: string;
    actorId: string | null;
    note: string | null;
    createdAt: string;
  }[];
  revision: number;
}

export interface VersionSummary {
  id: string;
  number: number;
  reason: 'manual' | 'checkpoint' | 'workflow' | 'restore';
  label: string | null;
  contentHash: string;
  authors: string[];
  restoredFrom: string | null;
  createdBy: string | null;
  createdAt: string;
}

export interface ResolvedAnchor {
  status: 'anchored' | 'orphaned';
  quote: string;
  from: number | null;
  to: number | null;
}

export interface Comment {
  id: string;
  threadId: string;
  body: string | null;
  author: { type: 'user' | 'apiKey'; id: string };
  createdAt: string;
  deletedAt: string | null;
}

export interface Thread {
  id: string;
  status: 'open' | 'resolved';
  anchor: {
    kind: 'text' | 'field';
    start?: string;
    end?: string;
    field?: string;
    resolved: ResolvedAnchor;
  };
  quote: string;
  comments: Comment[];
  createdAt: string;
}

export interface MemberSummary {
  userId: string;
  email: string;
  displayName: string;
  role: string;
}
