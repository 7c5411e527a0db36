import { isDeepStrictEqual } from 'node:util';
import * as Y from 'yjs';

/**
 * Makes `target`'s content equal `source`'s, as ordinary Yjs operations on `target` (so they
 * travel to every connected editor): `fields` entries the source lacks are deleted, the others
 * set to a copy of the source's value (left alone when already equal), and the `body` fragment's
 * children replaced by copies of the source's. Call it inside one transaction on `target`.
 */
export function replaceContent(target: Y.Doc, source: Y.Doc): void {
  const fields = target.getMap<unknown>('fields');
  const sourceFields = source.getMap<unknown>('fields');
  for (const key of [...fields.keys()]) {
    if (!sourceFields.has(key)) fields.delete(key);
  }
  sourceFields.forEach((value, key) => {
    if (value instanceof Y.AbstractType) {
      fields.set(key, value.clone());
    } else if (!fields.has(key) || !isDeepStrictEqual(fields.get(key), value)) {
      fields.set(key, value);
    }
  });
  const body = target.getXmlFragment('body');
  if (body.length > 0) body.delete(0, body.length);
  // y-prosemirror writes elements and text only; a hook (no ProseMirror meaning) is not carried.
  const children = source
    .getXmlFragment('body')
    .toArray()
    .filter((child): child is Y.XmlElement | Y.XmlText => !(child instanceof Y.XmlHook));
  if (children.length > 0)
    body.insert(
      0,
      children.map((child) => child.clone()),
    );
}
