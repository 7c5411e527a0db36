import type { RichTextMark, RichTextNode } from './rich-text-schema.js';
import {
  isRichTextMarkType,
  isRichTextNodeType,
  type RichTextNodeType,
} from './rich-text-schema.js';

/**
 * Rich text → HTML that is safe by construction rather than by cleaning afterwards: only the
 * schema's node and mark types produce tags, each with a fixed set of attributes whose values are
 * escaped and, for URLs, restricted to safe schemes. Anything else contributes escaped text only.
 */
export function renderHtml(body: RichTextNode): string {
  return renderNode(body);
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for use in element content and in double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

const SAFE_SCHEMES = new Set(['http', 'https', 'mailto']);

/**
 * The URL when it is http(s), mailto or relative; null otherwise. Browsers ignore ASCII
 * whitespace and control characters inside a scheme ("java\tscript:"), so the check does too;
 * a colon before any `/`, `?` or `#` means the URL names a scheme.
 */
export function safeUrl(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const url = raw.trim();
  // eslint-disable-next-line no-control-regex
  const probe = url.replace(/[\u0000-\u0020\u007f]/g, '');
  if (probe.length === 0) return null;
  const scheme = /^([^/?#]*):/.exec(probe);
  if (scheme && !SAFE_SCHEMES.has(scheme[1]!.toLowerCase())) return null;
  return url;
}

function attr(name: string, value: string): string {
  return ` ${name}="${escapeHtml(value)}"`;
}

function renderChildren(node: RichTextNode): string {
  return (node.content ?? []).map(renderNode).join('');
}

function renderNode(node: RichTextNode): string {
  if (!isRichTextNodeType(node.type)) return escapeHtml(textOf(node));
  return renderKnown(node.type, node);
}

function renderKnown(type: RichTextNodeType, node: RichTextNode): string {
  const attrs = node.attrs ?? {};
  switch (type) {
    case 'doc':
      return renderChildren(node);
    case 'paragraph':
      return `<p>${renderChildren(node)}</p>`;
    case 'heading': {
      const level = clampInt(attrs.level, 1, 6, 1);
      return `<h${level}>${renderChildren(node)}</h${level}>`;
    }
    case 'blockquote':
      return `<blockquote>${renderChildren(node)}</blockquote>`;
    case 'bulletList':
      return `<ul>${renderChildren(node)}</ul>`;
    case 'orderedList': {
      const start = clampInt(attrs.start, 0, Number.MAX_SAFE_INTEGER, 1);
      return `<ol${start === 1 ? '' : attr('start', String(start))}>${renderChildren(node)}</ol>`;
    }
    case 'listItem':
      return `<li>${renderChildren(node)}</li>`;
    case 'codeBlock': {
      const language =
        typeof attrs.language === 'string' && /^[A-Za-z0-9_+#.-]{1,40}$/.test(attrs.language)
          ? attr('class', `language-${attrs.language}`)
          : '';
      // Code keeps its text only: marks inside a code block are not part of the schema.
      return `<pre><code${language}>${escapeHtml(textOf(node))}</code></pre>`;
    }
    case 'horizontalRule':
      return '<hr>';
    case 'hardBreak':
      return '<br>';
    case 'image': {
      const src = safeUrl(attrs.src);
      if (src === null) return '';
      const alt = typeof attrs.alt === 'string' ? attrs.alt : '';
      const title = typeof attrs.title === 'string' ? attr('title', attrs.title) : '';
      return `<img${attr('src', src)}${attr('alt', alt)}${title}>`;
    }
    case 'text':
      return renderMarks(escapeHtml(node.text ?? ''), node.marks ?? []);
    default: {
      const unreachable: never = type;
      return unreachable;
    }
  }
}

/** Wraps escaped text in its marks, the first mark outermost. */
function renderMarks(html: string, marks: readonly RichTextMark[]): string {
  return [...marks].reverse().reduce((inner, mark) => wrapMark(inner, mark), html);
}

function wrapMark(inner: string, mark: RichTextMark): string {
  if (!isRichTextMarkType(mark.type)) return inner;
  switch (mark.type) {
    case 'bold':
      return `<strong>${inner}</strong>`;
    case 'italic':
      return `<em>${inner}</em>`;
    case 'strike':
      return `<s>${inner}</s>`;
    case 'code':
      return `<code>${inner}</code>`;
    case 'underline':
      return `<u>${inner}</u>`;
    case 'link': {
      const href = safeUrl(mark.attrs?.href);
      if (href === null) return inner;
      const target = mark.attrs?.target;
      const targetAttr =
        typeof target === 'string' && /^_(blank|self|parent|top)$/.test(target)
          ? attr('target', target)
          : '';
      return `<a${attr('href', href)}${targetAttr} rel="noopener noreferrer">${inner}</a>`;
    }
    default: {
      const unreachable: never = mark.type;
      return unreachable;
    }
  }
}

function clampInt(value: unknown, min: number, max: number, fallback: number): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) return fallback;
  return Math.min(max, Math.max(min, n));
}

/** All text inside a node, concatenated. */
function textOf(node: RichTextNode): string {
  if (typeof node.text === 'string') return node.text;
  return (node.content ?? []).map(textOf).join('');
}
