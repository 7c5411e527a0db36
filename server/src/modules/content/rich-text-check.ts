import type { ContentIssue } from './validate-content.js';
import { isRichTextMarkType, isRichTextNodeType, type RichTextNode } from './rich-text-schema.js';

/**
 * The node and mark types a rich-text value uses that the shared schema does not know — what
 * renderHtml would silently reduce to text. Nesting is not checked: the editor enforces it, and
 * out-of-place known nodes still render safely.
 */
export function checkRichText(root: { type: string }, path: string[]): ContentIssue[] {
  const issues: ContentIssue[] = [];
  const visit = (node: RichTextNode, at: string[]): void => {
    if (typeof node !== 'object' || node === null) return;
    if (typeof node.type !== 'string' || !isRichTextNodeType(node.type))
      issues.push({
        path: at,
        code: 'unknown_node',
        message: `unknown node type "${String(node.type)}"`,
      });
    (Array.isArray(node.marks) ? node.marks : []).forEach((mark, i) => {
      if (!isRichTextMarkType(mark.type))
        issues.push({
          path: [...at, 'marks', String(i)],
          code: 'unknown_mark',
          message: `unknown mark type "${mark.type}"`,
        });
    });
    (Array.isArray(node.content) ? node.content : []).forEach((child, i) =>
      visit(child, [...at, 'content', String(i)]),
    );
  };
  visit(root, path);
  return issues;
}

/** Rich text with no text but whitespace and nothing else than paragraphs and hard breaks. */
export function isEmptyRichText(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const node = value as RichTextNode;
  if (node.type === 'text') return (node.text ?? '').trim() === '';
  if (!['doc', 'paragraph', 'hardBreak'].includes(node.type)) return false;
  return (node.content ?? []).every(isEmptyRichText);
}
