/** Prints the browser bundle's size per chunk and in total, minified and gzip-compressed. */
import { readdir, readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';

const dir = new URL('../dist/browser/', import.meta.url);
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
let raw = 0;
let gzip = 0;
for (const name of (await readdir(dir)).filter((file) => file.endsWith('.js')).sort()) {
  const code = await readFile(new URL(name, dir));
  const zipped = gzipSync(code, { level: 9 }).length;
  raw += code.length;
  gzip += zipped;
  console.log(
    `  ${name.padEnd(32)} ${kib(code.length).padStart(10)} minified ${kib(zipped).padStart(10)} gzip`,
  );
}
console.log(`client-sdk browser bundle: ${kib(raw)} minified, ${kib(gzip)} gzip (all chunks)`);
