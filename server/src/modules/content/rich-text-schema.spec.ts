import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  isRichTextMarkType,
  isRichTextNodeType,
  mayContain,
  richTextSchema,
} from './rich-text-schema.js';

describe('the shared rich-text schema', () => {
  it('names the Tiptap StarterKit nodes and marks', () => {
    expect(Object.keys(richTextSchema.nodes).sort()).toEqual(
      [
        'blockquote',
        'bulletList',
        'codeBlock',
        'doc',
        'hardBreak',
        'heading',
        'horizontalRule',
        'image',
        'listItem',
        'orderedList',
        'paragraph',
        'text',
      ].sort(),
    );
    expect(Object.keys(richTextSchema.marks).sort()).toEqual(
      ['bold', 'code', 'italic', 'link', 'strike', 'underline'].sort(),
    );
    expect(isRichTextNodeType('toString')).toBe(false);
    expect(isRichTextMarkType('__proto__')).toBe(false);
  });

  it('says which node may contain which', () => {
    expect(mayContain('doc', 'paragraph')).toBe(true);
    expect(mayContain('doc', 'text')).toBe(false);
    expect(mayContain('paragraph', 'text')).toBe(true);
    expect(mayContain('paragraph', 'hardBreak')).toBe(true);
    expect(mayContain('paragraph', 'paragraph')).toBe(false);
    expect(mayContain('bulletList', 'listItem')).toBe(true);
    expect(mayContain('bulletList', 'paragraph')).toBe(false);
    expect(mayContain('listItem', 'bulletList')).toBe(true);
    expect(mayContain('codeBlock', 'text')).toBe(true);
    expect(mayContain('codeBlock', 'hardBreak')).toBe(false);
    expect(mayContain('horizontalRule', 'text')).toBe(false);
  });

  it('imports nothing, so the SDK and the browser can load it as is', () => {
    const source = readFileSync(
      fileURLToPath(new URL('./rich-text-schema.ts', import.meta.url)),
      'utf8',
    );
    expect(source).not.toMatch(/^\s*import\s/m);
    expect(source).not.toMatch(/\brequire\(/);
  });
});
