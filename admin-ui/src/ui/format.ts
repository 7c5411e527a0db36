/** A timestamp for people, in the browser's locale; empty for null. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** Initials for an avatar: the first letters of the first two words. */
export function initials(name: string): string {
  const words = name
    .replace(/@.*/, '')
    .split(/[\s._-]+/)
    .filter(Boolean);
  return (
    words
      .slice(0, 2)
      .map((w) => w[0]!.toUpperCase())
      .join('') || '?'
  ).slice(0, 2);
}

/** Eight colours for people (carets, avatars); CSS classes `.person-0`…`.person-7` match them. */
export const PERSON_COLOURS = [
  '#d81b60',
  '#1e88e5',
  '#43a047',
  '#f4511e',
  '#8e24aa',
  '#00897b',
  '#6d4c41',
  '#3949ab',
] as const;

/** A stable palette index for a user id, so everyone sees the same colour for the same person. */
export function personIndex(userId: string): number {
  let hash = 0;
  for (let i = 0; i < userId.length; i += 1) hash = (hash * 31 + userId.charCodeAt(i)) >>> 0;
  return hash % PERSON_COLOURS.length;
}
