import {
  documentEtag,
  pageEtag,
  presentPublished,
  representationOf,
} from './published.presenter.js';
import type { PublishedDocument } from './published-document.js';

const doc: PublishedDocument = {
  id: 'd1',
  slug: 'hello',
  title: 'Hello',
  contentType: 'article',
  version: { id: 'v1', number: 3, contentHash: 'sha256:abc' },
  publishedAt: '2026-01-01T00:00:00.000Z',
  fields: { summary: 'S', subtitle: 'T' },
  body: { type: 'doc', content: [] } as unknown as PublishedDocument['body'],
  html: '<p>x</p>',
};

describe('published presenter', () => {
  it('keeps only the selected fields and the included parts', () => {
    const out = presentPublished(
      doc,
      representationOf({ fields: ['summary', 'missing'], include: ['html'] }, []),
    );
    expect(out).toMatchObject({ id: 'd1', fields: { summary: 'S' }, html: '<p>x</p>' });
    expect(out).not.toHaveProperty('body');
    expect(presentPublished(doc, representationOf({}, ['body', 'html']))).toMatchObject({
      fields: doc.fields,
      body: doc.body,
      html: doc.html,
    });
  });

  it('gives each version and representation its own strong ETag', () => {
    const full = representationOf({}, ['body', 'html']);
    const tag = documentEtag(doc, full);
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(documentEtag(doc, representationOf({ include: ['html', 'body'] }, []))).toBe(tag);
    expect(documentEtag(doc, representationOf({ include: [] }, []))).not.toBe(tag);
    const republished = {
      ...doc,
      version: { ...doc.version, id: 'v2', contentHash: 'sha256:def' },
    };
    expect(documentEtag(republished, full)).not.toBe(tag);
    expect(pageEtag([doc], null, full)).not.toBe(pageEtag([doc], 'next', full));
  });
});
