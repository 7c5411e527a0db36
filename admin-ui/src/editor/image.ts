import { Node, mergeAttributes } from '@tiptap/core';

/**
 * The schema's block `image` node (src, alt, title), so documents that contain images (made by
 * the API or another editor) render here instead of failing the Yjs binding. No upload UI.
 */
export const ImageNode = Node.create({
  name: 'image',
  group: 'block',
  atom: true,
  draggable: true,
  addAttributes() {
    return { src: { default: null }, alt: { default: null }, title: { default: null } };
  },
  parseHTML() {
    return [{ tag: 'img[src]' }];
  },
  renderHTML({ HTMLAttributes }) {
    return ['img', mergeAttributes(HTMLAttributes)];
  },
});
