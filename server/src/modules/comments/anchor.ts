/**
 * What a thread is anchored to, and where that is in the current document. Text anchors are two
 * Yjs relative positions, so they follow their characters through any concurrent edit; field
 * anchors name a key of the `fields` map.
 */
import * as Y from 'yjs';
import { AppError } from '../../platform/errors.js';
import { offsetOf, positionsForRange, textFlow, type TextFlow } from './text-flow.js';

/** An anchor as stored and returned: text positions are base64 of `Y.encodeRelativePosition`. */
export type StoredAnchor =
  | { readonly kind: 'text'; readonly start: string; readonly end: string }
  | { readonly kind: 'field'; readonly field: string };

/** An anchor as a client gives it: stored form, or flow offsets for clients without a Y.Doc. */
export type AnchorInput =
  StoredAnchor | { readonly kind: 'text'; readonly from: number; readonly to: number };

/** Where an anchor is now: anchored with its current text, or orphaned (its text is gone). */
export type AnchorResolution =
  | {
      readonly status: 'anchored';
      readonly quote: string;
      readonly from: number | null;
      readonly to: number | null;
    }
  | {
      readonly status: 'orphaned';
      readonly quote: '';
      readonly from: number | null;
      readonly to: number | null;
    };

/** A stored anchor together with its resolution against the current document. */
export type ResolvedAnchor = StoredAnchor & { readonly resolved: AnchorResolution };

/** Resolves many anchors against one document state, building its text flow once. */
export class AnchorResolver {
  private flowCache: TextFlow | null = null;

  constructor(private readonly doc: Y.Doc) {}

  private get flow(): TextFlow {
    this.flowCache ??= textFlow(this.doc.getXmlFragment('body'));
    return this.flowCache;
  }

  /** Where `anchor` is now; never throws on an anchor its document has outgrown. */
  resolve(anchor: StoredAnchor): AnchorResolution {
    switch (anchor.kind) {
      case 'text':
        return this.resolveText(decodePosition(anchor.start), decodePosition(anchor.end));
      case 'field': {
        const fields = this.doc.getMap<unknown>('fields');
        if (!fields.has(anchor.field))
          return { status: 'orphaned', quote: '', from: null, to: null };
        return {
          status: 'anchored',
          quote: fieldText(fields.get(anchor.field)),
          from: null,
          to: null,
        };
      }
      default:
        return exhaustive(anchor);
    }
  }

  /**
   * The stored form of a client's anchor, validated against this document (400 when it cannot
   * anchor). Text anchors are always re-made from the range they cover now, attached to its first
   * and last characters, so every thread's edges behave alike whatever association the client's
   * positions had.
   */
  normalise(input: AnchorInput): { anchor: StoredAnchor; resolution: AnchorResolution } {
    if (input.kind === 'field') {
      const resolution = this.resolve(input);
      if (resolution.status === 'orphaned') {
        throw invalid('anchor.field', 'no such field in the document');
      }
      return { anchor: { kind: 'field', field: input.field }, resolution };
    }
    const { from, to } = 'from' in input ? input : this.clientRange(input.start, input.end);
    if (from >= to) throw invalid('anchor', 'the range is empty or inverted');
    if (to > this.flow.text.length) throw invalid('anchor.to', 'beyond the end of the body');
    const positions = positionsForRange(this.flow, from, to);
    if (!positions) throw invalid('anchor', 'the range holds no text');
    const anchor: StoredAnchor = {
      kind: 'text',
      start: encodePosition(positions.start),
      end: encodePosition(positions.end),
    };
    return { anchor, resolution: this.resolveText(positions.start, positions.end) };
  }

  /** The flow range of positions a client made; 400 when they do not resolve in the body. */
  private clientRange(start: string, end: string): { from: number; to: number } {
    const from = offsetOf(this.flow, this.doc, decodeOrRefuse(start, 'anchor.start'));
    const to = offsetOf(this.flow, this.doc, decodeOrRefuse(end, 'anchor.end'));
    if (from === null || to === null) {
      throw invalid('anchor', 'the positions do not resolve inside the current body');
    }
    return { from, to };
  }

  private resolveText(
    start: Y.RelativePosition | null,
    end: Y.RelativePosition | null,
  ): AnchorResolution {
    const from = start && offsetOf(this.flow, this.doc, start);
    const to = end && offsetOf(this.flow, this.doc, end);
    if (from === null || to === null || from >= to) {
      return { status: 'orphaned', quote: '', from, to };
    }
    return { status: 'anchored', quote: this.flow.text.slice(from, to), from, to };
  }
}

/** base64 of a relative position's binary encoding. */
export function encodePosition(position: Y.RelativePosition): string {
  return Buffer.from(Y.encodeRelativePosition(position)).toString('base64');
}

/** The relative position, or null for bytes that do not decode as one. */
function decodePosition(encoded: string): Y.RelativePosition | null {
  try {
    return Y.decodeRelativePosition(new Uint8Array(Buffer.from(encoded, 'base64')));
  } catch {
    return null;
  }
}

function decodeOrRefuse(encoded: string, path: string): Y.RelativePosition {
  const position = decodePosition(encoded);
  if (!position) throw invalid(path, 'not a base64 Yjs relative position');
  return position;
}

/** A field's current value as text, for the quote of a field comment. */
function fieldText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Y.XmlFragment) return textFlow(value).text;
  if (value instanceof Y.Text) return value.toJSON();
  if (value instanceof Y.AbstractType) return JSON.stringify(value.toJSON());
  return value === null || value === undefined ? '' : JSON.stringify(value);
}

function invalid(path: string, message: string): AppError {
  return new AppError('validation_failed', 'Invalid request body', {
    details: [{ path: `body.${path}`, message }],
  });
}

function exhaustive(value: never): never {
  throw new Error(`unexpected anchor ${JSON.stringify(value)}`);
}
