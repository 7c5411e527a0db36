/**
 * The body's text flow: the one coordinate system in which offsets, quotes and resolved ranges
 * are expressed. It is the concatenation, in document order, of the plain text of every XmlText
 * of `body` (an embed counts as one U+FFFC, as it counts one in Yjs), with exactly one "\n"
 * between consecutive XmlText nodes (so between blocks, and around an inline non-text node).
 * Offsets are UTF-16 code units, like Yjs indices and JavaScript strings.
 */
import * as Y from 'yjs';

const EMBED = '\uFFFC';

/** One XmlText's place in the flow. */
interface FlowNode {
  readonly text: Y.XmlText;
  readonly start: number;
  readonly length: number;
}

/** A snapshot of the flow of one document state, with the maps to go between it and Yjs. */
export interface TextFlow {
  readonly text: string;
  readonly nodes: readonly FlowNode[];
  /** The flow offset of each XmlText's first character. */
  readonly starts: ReadonlyMap<Y.XmlText, number>;
  /** For each element (and the body), the offset of a position before each child (and after the last). */
  readonly boundaries: ReadonlyMap<Y.AbstractType<unknown>, readonly number[]>;
}

/** An XmlText's characters as the flow holds them. */
function plainText(text: Y.XmlText): string {
  return (text.toDelta() as { insert: unknown }[])
    .map((op) => (typeof op.insert === 'string' ? op.insert : EMBED))
    .join('');
}

/** The text flow of a rich-text fragment (the document's `body`). */
export function textFlow(body: Y.XmlFragment): TextFlow {
  const parts: string[] = [];
  const nodes: FlowNode[] = [];
  const starts = new Map<Y.XmlText, number>();
  const boundaries = new Map<Y.AbstractType<unknown>, number[]>();
  let offset = 0;
  let seenText = false;
  // A position between children sits where the next text would start (after its separator).
  const nextStart = () => offset + (seenText ? 1 : 0);
  const walk = (container: Y.XmlFragment) => {
    const marks: number[] = [];
    for (const child of container.toArray()) {
      marks.push(nextStart());
      if (child instanceof Y.XmlText) {
        if (seenText) {
          parts.push('\n');
          offset += 1;
        }
        const plain = plainText(child);
        nodes.push({ text: child, start: offset, length: plain.length });
        starts.set(child, offset);
        parts.push(plain);
        offset += plain.length;
        seenText = true;
      } else if (child instanceof Y.XmlFragment) {
        walk(child);
      }
    }
    marks.push(nextStart());
    boundaries.set(container as Y.AbstractType<unknown>, marks);
  };
  walk(body);
  const text = parts.join('');
  for (const marks of boundaries.values()) {
    for (let i = 0; i < marks.length; i += 1) marks[i] = Math.min(marks[i]!, text.length);
  }
  return { text, nodes, starts, boundaries };
}

/**
 * Where a relative position is now, as a flow offset; null when it no longer resolves inside the
 * body (its node was deleted, it names another type, or the document never saw its item).
 */
export function offsetOf(flow: TextFlow, doc: Y.Doc, position: Y.RelativePosition): number | null {
  let absolute: Y.AbsolutePosition | null;
  try {
    absolute = Y.createAbsolutePositionFromRelativePosition(position, doc);
  } catch {
    // Bytes that decoded into a position naming no real type: it resolves nowhere.
    return null;
  }
  if (absolute === null) return null;
  const { type, index } = absolute;
  if (type instanceof Y.XmlText) {
    const start = flow.starts.get(type);
    return start === undefined ? null : start + Math.min(index, type.length);
  }
  const marks = flow.boundaries.get(type);
  if (marks === undefined) return null;
  return marks[Math.min(index, marks.length - 1)]!;
}

/**
 * Relative positions for the flow range [from, to): the start attached to the range's first
 * character (assoc 0: text inserted just before it stays outside), the end to its last character
 * (assoc -1: text inserted just after it stays outside). An edge on a separator or an empty block
 * moves inward to the nearest character. Null when no character lies in the range.
 */
export function positionsForRange(
  flow: TextFlow,
  from: number,
  to: number,
): { start: Y.RelativePosition; end: Y.RelativePosition } | null {
  const first = flow.nodes.find((n) => n.length > 0 && n.start + n.length > from);
  const last = flow.nodes.findLast((n) => n.length > 0 && n.start < to);
  if (!first || !last) return null;
  const startIndex = Math.max(from, first.start) - first.start;
  const endIndex = Math.min(to, last.start + last.length) - last.start;
  if (first.start + startIndex >= last.start + endIndex) return null;
  return {
    start: Y.createRelativePositionFromTypeIndex(first.text, startIndex, 0),
    end: Y.createRelativePositionFromTypeIndex(last.text, endIndex, -1),
  };
}
