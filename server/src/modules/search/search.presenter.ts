import type { z } from 'zod';
import { MARK_END, MARK_START } from './search.queries.js';
import type { AuditRow, DocumentRow, MemberRow } from './search.queries.js';
import type { searchHit } from './search.schema.js';

/** One result as the API shows it. */
export type SearchHit = z.infer<typeof searchHit>;

type Segment = { text: string; match: boolean };

/**
 * A headline as plain-text segments, matches flagged: clients render them however they like and
 * never have to trust markup built from tenant content.
 */
export function segments(headline: string): Segment[] {
  const out: Segment[] = [];
  for (const part of headline.split(MARK_START)) {
    const end = part.indexOf(MARK_END);
    if (end === -1) {
      if (part) out.push({ text: part, match: false });
      continue;
    }
    out.push({ text: part.slice(0, end), match: true });
    if (end + 1 < part.length) out.push({ text: part.slice(end + 1), match: false });
  }
  return out;
}

/** A document row as a hit. */
export function documentHit(row: DocumentRow): SearchHit {
  return {
    type: 'document',
    id: row.id,
    title: row.title,
    slug: row.slug,
    contentType: row.content_type,
    rank: row.rank,
    snippet: segments(row.headline),
  };
}

/** A member row as a hit. */
export function memberHit(row: MemberRow): SearchHit {
  return {
    type: 'member',
    id: row.id,
    displayName: row.display_name,
    email: row.email,
    role: row.role,
    rank: row.rank,
    snippet: segments(row.headline),
  };
}

/** An audit row as a hit. */
export function auditHit(row: AuditRow): SearchHit {
  return {
    type: 'audit',
    id: row.id,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    occurredAt: new Date(row.occurred_at).toISOString(),
    rank: row.rank,
    snippet: segments(row.headline),
  };
}
