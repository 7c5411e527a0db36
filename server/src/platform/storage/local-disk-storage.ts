import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rmdir, unlink, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { AppError } from '../errors.js';
import {
  assertBlobKey,
  assertContentType,
  type BlobMetadata,
  type BlobObject,
  type BlobStorage,
  type PutBlobOptions,
  type PutBlobResult,
} from './blob-storage.port.js';

const META_SUFFIX = '@meta.json';
const MAX_ENCODED_SEGMENT = 200;

const metaSchema = z.object({
  key: z.string(),
  size: z.number().int().nonnegative(),
  etag: z.string(),
  contentType: z.string().optional(),
  lastModified: z.string(),
  /** Name of the data file, next to the sidecar. */
  data: z.string(),
});
type Meta = z.infer<typeof metaSchema>;

// Duck-typed: errors from fs may come from another realm (jest's VM), failing instanceof.
function isErrno(error: unknown, ...codes: string[]): boolean {
  const code =
    typeof error === 'object' && error !== null ? (error as NodeJS.ErrnoException).code : undefined;
  return typeof code === 'string' && codes.includes(code);
}

/**
 * Path segments are percent-encoded, so a raw "@" never appears in one. Directories are bare
 * encoded segments, files always carry "@…": key `a/b` (files `b@…` in `a/`) and key `a/b/c`
 * (directory `a/b/`) coexist, as they do in S3.
 */
function encodeSegment(segment: string): string {
  const encoded = encodeURIComponent(segment);
  if (encoded.length > MAX_ENCODED_SEGMENT) {
    throw new AppError('bad_request', 'Blob key segment is too long', { details: { segment } });
  }
  return encoded;
}

function decodeSegment(name: string): string | null {
  try {
    return decodeURIComponent(name);
  } catch {
    // Not written by us (a hand-made file): not part of the store.
    return null;
  }
}

/**
 * BlobStorage on the local file system (embedded node). Every put writes a new, uniquely named
 * data file through a temp file + rename, then swaps the sidecar JSON (also temp + rename) that
 * names it: the sidecar is the commit point, so readers see the old object or the new one, never
 * a mix, and a crash leaves at worst an orphaned data file or temp file.
 */
export class LocalDiskStorage implements BlobStorage {
  private readonly root: string;
  private readonly objects: string;
  private readonly tmp: string;

  constructor(options: { root: string }) {
    this.root = resolve(options.root);
    this.objects = join(this.root, 'objects');
    this.tmp = join(this.root, 'tmp');
  }

  async put(
    key: string,
    body: Buffer | Readable,
    options: PutBlobOptions = {},
  ): Promise<PutBlobResult> {
    const { dir, base } = this.locate(key);
    assertContentType(options.contentType);
    await mkdir(this.tmp, { recursive: true });
    const tmpData = join(this.tmp, randomUUID());
    const tmpMeta = join(this.tmp, `${randomUUID()}.json`);
    try {
      const { size, etag } = await this.writeData(tmpData, body);
      const dataName = `${base}@${randomUUID()}.blob`;
      await this.moveInto(dir, tmpData, dataName);
      const previous = await this.readMeta(key);
      const meta: Meta = {
        key,
        size,
        etag,
        lastModified: new Date().toISOString(),
        data: dataName,
      };
      if (options.contentType !== undefined) meta.contentType = options.contentType;
      await writeFile(tmpMeta, JSON.stringify(meta));
      await this.moveInto(dir, tmpMeta, `${base}${META_SUFFIX}`);
      if (previous) await this.unlinkQuietly(join(dir, previous.data));
      return { key, size, etag };
    } finally {
      await Promise.all([this.unlinkQuietly(tmpData), this.unlinkQuietly(tmpMeta)]);
    }
  }

  async get(key: string): Promise<BlobObject> {
    const { dir } = this.locate(key);
    // A concurrent put may delete the data file between reading the sidecar and opening it;
    // the sidecar then already names the new one.
    for (let round = 0; round < 3; round += 1) {
      const meta = await this.readMeta(key);
      if (!meta) break;
      try {
        const handle = await open(join(dir, meta.data), 'r');
        return { ...toMetadata(meta), body: handle.createReadStream() };
      } catch (error) {
        if (!isErrno(error, 'ENOENT')) throw error;
      }
    }
    throw new AppError('not_found', 'Blob not found', { details: { key } });
  }

  async head(key: string): Promise<BlobMetadata | null> {
    const meta = await this.readMeta(key);
    return meta ? toMetadata(meta) : null;
  }

  async delete(key: string): Promise<void> {
    const { dir, base } = this.locate(key);
    const meta = await this.readMeta(key);
    await this.unlinkQuietly(join(dir, `${base}${META_SUFFIX}`));
    if (meta) await this.unlinkQuietly(join(dir, meta.data));
    await this.pruneEmptyDirs(dir);
  }

  async *list(prefix: string): AsyncIterable<string> {
    assertBlobKey(prefix, { isPrefix: true });
    const dirKey = prefix.slice(0, prefix.lastIndexOf('/') + 1);
    const start = join(this.objects, ...dirKey.split('/').filter(Boolean).map(encodeSegment));
    const keys: string[] = [];
    await this.walk(start, dirKey, prefix, keys);
    // S3 lists in UTF-8 byte order; plain string comparison orders UTF-16 code units.
    keys.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    yield* keys;
  }

  private async walk(dir: string, dirKey: string, prefix: string, into: string[]): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (isErrno(error, 'ENOENT', 'ENOTDIR')) return;
      throw error;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) {
        const segment = decodeSegment(entry.name);
        const childKey = segment === null ? null : `${dirKey}${segment}/`;
        if (childKey && (childKey.startsWith(prefix) || prefix.startsWith(childKey))) {
          await this.walk(join(dir, entry.name), childKey, prefix, into);
        }
      } else if (entry.isFile() && entry.name.endsWith(META_SUFFIX)) {
        const segment = decodeSegment(entry.name.slice(0, -META_SUFFIX.length));
        const key = segment === null ? null : `${dirKey}${segment}`;
        if (key?.startsWith(prefix)) into.push(key);
      }
    }
  }

  /** The directory and file stem of key, refusing anything that could leave the store. */
  private locate(key: string): { dir: string; base: string } {
    assertBlobKey(key);
    const segments = key.split('/').map(encodeSegment);
    const base = segments.pop() as string;
    const dir = join(this.objects, ...segments);
    // Defence in depth: validation already rules out traversal.
    if (dir !== this.objects && !dir.startsWith(this.objects + sep)) {
      throw new AppError('bad_request', 'Blob key escapes the store', { details: { key } });
    }
    return { dir, base };
  }

  private async writeData(
    path: string,
    body: Buffer | Readable,
  ): Promise<{ size: number; etag: string }> {
    const hash = createHash('sha256');
    let size = 0;
    const handle = await open(path, 'wx');
    try {
      // A plain loop rather than handle.createWriteStream(): awaiting each write is the
      // backpressure, and that stream never finishes under jest's VM modules.
      const chunks: AsyncIterable<unknown> | Buffer[] = Buffer.isBuffer(body) ? [body] : body;
      for await (const chunk of chunks) {
        const buffer = Buffer.isBuffer(chunk)
          ? chunk
          : typeof chunk === 'string'
            ? Buffer.from(chunk)
            : Buffer.from(chunk as Uint8Array);
        hash.update(buffer);
        size += buffer.length;
        await handle.write(buffer);
      }
      // Durable before the rename publishes it.
      await handle.sync();
    } finally {
      await handle.close();
    }
    return { size, etag: hash.digest('hex') };
  }

  /** Renames into dir, recreating dir if a concurrent delete pruned it in between. */
  private async moveInto(dir: string, from: string, name: string): Promise<void> {
    for (let round = 0; ; round += 1) {
      await mkdir(dir, { recursive: true });
      try {
        await rename(from, join(dir, name));
        return;
      } catch (error) {
        if (!isErrno(error, 'ENOENT') || round >= 3) throw error;
      }
    }
  }

  private async readMeta(key: string): Promise<Meta | null> {
    const { dir, base } = this.locate(key);
    let raw: string;
    try {
      raw = await readFile(join(dir, `${base}${META_SUFFIX}`), 'utf8');
    } catch (error) {
      if (isErrno(error, 'ENOENT', 'ENOTDIR')) return null;
      throw error;
    }
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      data = null;
    }
    const parsed = metaSchema.safeParse(data);
    if (!parsed.success || parsed.data.key !== key) {
      throw new AppError('internal', `Corrupt blob metadata for ${key}`);
    }
    return parsed.data;
  }

  private async unlinkQuietly(path: string): Promise<void> {
    try {
      await unlink(path);
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw error;
    }
  }

  /** Removes now-empty directories up to the store root; a non-empty one stops the climb. */
  private async pruneEmptyDirs(dir: string): Promise<void> {
    let current = dir;
    while (current.startsWith(this.objects + sep)) {
      try {
        await rmdir(current);
      } catch (error) {
        if (isErrno(error, 'ENOTEMPTY', 'EEXIST', 'ENOENT')) return;
        throw error;
      }
      current = current.slice(0, current.lastIndexOf(sep));
    }
  }
}

function toMetadata(meta: Meta): BlobMetadata {
  const metadata: BlobMetadata = {
    key: meta.key,
    size: meta.size,
    etag: meta.etag,
    lastModified: new Date(meta.lastModified),
  };
  if (meta.contentType !== undefined) metadata.contentType = meta.contentType;
  return metadata;
}
