/** A stable cursor colour per user, so a collaborator keeps their colour across sessions. */

const PALETTE = [
  '#e6194b',
  '#3cb44b',
  '#4363d8',
  '#f58231',
  '#911eb4',
  '#46a0a0',
  '#c0388c',
  '#808000',
  '#9a6324',
  '#000075',
] as const;

/** A palette colour chosen by a hash of `key` (FNV-1a). */
export function colorFor(key: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return PALETTE[hash % PALETTE.length]!;
}
