import type { VersionRecord, VersionSummary } from './version.record.js';

/** The public JSON of a version's metadata (what a listing holds). */
export function presentVersionSummary(version: VersionSummary) {
  return {
    id: version.id,
    documentId: version.documentId,
    number: version.number,
    reason: version.reason,
    label: version.label,
    contentHash: version.contentHash,
    authors: version.authors,
    restoredFrom: version.restoredFrom,
    createdBy: version.createdBy,
    createdAt: version.createdAt.toISOString(),
  };
}

/** The public JSON of a version with its content; `state` (base64 Yjs update) when asked for. */
export function presentVersion(version: VersionRecord, state?: Uint8Array) {
  return {
    ...presentVersionSummary(version),
    rendered: version.rendered,
    html: version.html,
    ...(state ? { state: Buffer.from(state).toString('base64') } : {}),
  };
}
