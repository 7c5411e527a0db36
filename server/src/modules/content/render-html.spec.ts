import type { RichTextJson, RichTextNode } from './rich-text-schema.js';
import { renderHtml, safeUrl } from './render-html.js';

const t = (text: string, marks?: RichTextNode['marks']): RichTextNode =>
  marks ? { type: 'text', text, marks } : { type: 'text', text };
const p = (...content: RichTextNode[]): RichTextNode => ({ type: 'paragraph', content });
const doc = (...content: RichTextNode[]): RichTextJson => ({ type: 'doc', content });

describe('renderHtml', () => {
  it('renders every node type of the schema', () => {
    const html = renderHtml(
      doc(
        { type: 'heading', attrs: { level: 3 }, content: [t('Title')] },
        p(t('a'), { type: 'hardBreak' }, t('b')),
        { type: 'blockquote', content: [p(t('quoted'))] },
        {
          type: 'bulletList',
          content: [
            {
              type: 'listItem',
              content: [
                p(t('one')),
                {
                  type: 'orderedList',
                  attrs: { start: 4 },
                  content: [{ type: 'listItem', content: [p(t('x'))] }],
                },
              ],
            },
          ],
        },
        { type: 'orderedList', content: [{ type: 'listItem', content: [p(t('y'))] }] },
        { type: 'codeBlock', attrs: { language: 'ts' }, content: [t('a < b && c')] },
        { type: 'horizontalRule' },
        { type: 'image', attrs: { src: '/media/x.png', alt: 'An X', title: 'X' } },
      ),
    );
    expect(html).toBe(
      '<h3>Title</h3><p>a<br>b</p><blockquote><p>quoted</p></blockquote>' +
        '<ul><li><p>one</p><ol start="4"><li><p>x</p></li></ol></li></ul>' +
        '<ol><li><p>y</p></li></ol>' +
        '<pre><code class="language-ts">a &lt; b &amp;&amp; c</code></pre><hr>' +
        '<img src="/media/x.png" alt="An X" title="X">',
    );
  });

  it('renders marks, first mark outermost, and links with rel', () => {
    const html = renderHtml(
      doc(
        p(
          t('b', [{ type: 'bold' }, { type: 'italic' }]),
          t('s', [{ type: 'strike' }]),
          t('c', [{ type: 'code' }]),
          t('u', [{ type: 'underline' }]),
          t('l', [{ type: 'link', attrs: { href: 'https://e.x/?a=1&b=2', target: '_blank' } }]),
        ),
      ),
    );
    expect(html).toBe(
      '<p><strong><em>b</em></strong><s>s</s><code>c</code><u>u</u>' +
        '<a href="https://e.x/?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">l</a></p>',
    );
  });

  it('renders an empty document as the empty string', () => {
    expect(renderHtml({ type: 'doc' })).toBe('');
  });

  it('clamps a heading level it cannot trust', () => {
    expect(renderHtml(doc({ type: 'heading', attrs: { level: 9 }, content: [t('x')] }))).toBe(
      '<h6>x</h6>',
    );
    expect(
      renderHtml(doc({ type: 'heading', attrs: { level: '1 onclick=x' }, content: [t('x')] })),
    ).toBe('<h1>x</h1>');
  });
});

describe('renderHtml: XSS attempts', () => {
  it('keeps only the escaped text of unknown nodes such as script', () => {
    const html = renderHtml(
      doc(
        { type: 'script', content: [t('alert(1)')] },
        { type: 'iframe', attrs: { src: 'https://evil' } },
        p({ type: 'span', attrs: { onclick: 'x()' }, content: [t('<b>hi</b>')] }),
      ),
    );
    expect(html).toBe('alert(1)<p>&lt;b&gt;hi&lt;/b&gt;</p>');
  });

  it('escapes text and attributes, so "><img onerror> stays text', () => {
    const payload = '"><img src=x onerror=alert(1)>';
    const html = renderHtml(
      doc(
        p(t(payload)),
        { type: 'image', attrs: { src: `/a.png${payload}`, alt: payload, title: payload } },
        p(t('x', [{ type: 'link', attrs: { href: `https://e.x/${payload}`, target: payload } }])),
      ),
    );
    expect(html.match(/<img/g)).toHaveLength(1);
    expect(html).not.toMatch(/<img src=x/);
    expect(html).toBe(
      '<p>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</p>' +
        '<img src="/a.png&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" alt="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">' +
        '<p><a href="https://e.x/&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" rel="noopener noreferrer">x</a></p>',
    );
  });

  it('never emits attributes that are not in the schema (event handlers, style)', () => {
    const html = renderHtml(
      doc(
        { type: 'paragraph', attrs: { onclick: 'x()', style: 'x' }, content: [t('p')] },
        { type: 'image', attrs: { src: 'https://e.x/i.png', onerror: 'alert(1)' } },
        p(t('l', [{ type: 'link', attrs: { href: '/ok', onmouseover: 'x()', rel: 'opener' } }])),
        p(t('m', [{ type: 'evil', attrs: { onclick: 'x()' } }])),
      ),
    );
    expect(html).toBe(
      '<p>p</p><img src="https://e.x/i.png" alt=""><p><a href="/ok" rel="noopener noreferrer">l</a></p><p>m</p>',
    );
  });

  it('drops javascript:, data: and vbscript: URLs, however they are disguised', () => {
    const hrefs = [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      '  javascript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      '\u0001javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
    ];
    for (const href of hrefs) {
      const html = renderHtml(
        doc(p(t('x', [{ type: 'link', attrs: { href } }])), {
          type: 'image',
          attrs: { src: href, alt: 'a' },
        }),
      );
      expect(html).toBe('<p>x</p>');
    }
  });

  it('keeps a code block language only when it is a plain identifier', () => {
    const html = renderHtml(
      doc({ type: 'codeBlock', attrs: { language: '"><script>' }, content: [t('x')] }),
    );
    expect(html).toBe('<pre><code>x</code></pre>');
  });
});

describe('safeUrl', () => {
  it('accepts http, https, mailto and relative URLs', () => {
    for (const url of [
      'http://a.b',
      'HTTPS://a.b/c?d#e',
      'mailto:a@b.c',
      '/x',
      'x/y:z',
      '#frag',
      '?q=1',
      '//cdn.x/y',
    ])
      expect(safeUrl(url)).toBe(url);
  });

  it('rejects other schemes, empty strings and non-strings', () => {
    for (const url of ['javascript:x', 'file:///etc/passwd', 'ftp://x', '', '   ', 42, null])
      expect(safeUrl(url)).toBeNull();
  });
});
