import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { AppError } from '../errors.js';
import { LocalDiskStorage } from './local-disk-storage.js';

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function collect(keys: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const key of keys) out.push(key);
  return out;
}

/** Every file under dir, relative, so tests can prove nothing is left behind. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

describe('LocalDiskStorage', () => {
  let root: string;
  let storage: LocalDiskStorage;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'folio-blobs-'));
    storage = new LocalDiskStorage({ root: join(root, 'store') });
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('round-trips a buffer with its metadata', async () => {
    const body = Buffer.from('hello, folio');
    const put = await storage.put('tenants/t1/media/a.txt', body, {
      contentType: 'text/plain; charset=utf-8',
    });
    expect(put).toEqual({ key: 'tenants/t1/media/a.txt', size: body.length, etag: sha256(body) });
    const got = await storage.get('tenants/t1/media/a.txt');
    expect(await readAll(got.body)).toEqual(body);
    expect(got).toMatchObject({
      size: body.length,
      etag: sha256(body),
      contentType: 'text/plain; charset=utf-8',
    });
    expect(got.lastModified).toBeInstanceOf(Date);
    const head = await storage.head('tenants/t1/media/a.txt');
    expect(head).toEqual({
      key: 'tenants/t1/media/a.txt',
      size: body.length,
      etag: sha256(body),
      contentType: 'text/plain; charset=utf-8',
      lastModified: got.lastModified,
    });
  });

  it('streams a Readable in and counts and hashes every chunk', async () => {
    const chunks = Array.from({ length: 50 }, (_, i) => Buffer.alloc(10_000, i));
    const put = await storage.put('big.bin', Readable.from(chunks));
    const all = Buffer.concat(chunks);
    expect(put).toMatchObject({ size: all.length, etag: sha256(all) });
    expect(sha256(await readAll((await storage.get('big.bin')).body))).toBe(sha256(all));
  });

  it('answers not_found and null for missing objects', async () => {
    await expect(storage.get('nope')).rejects.toMatchObject({ code: 'not_found' });
    expect(await storage.head('nope')).toBeNull();
  });

  it.each([
    ['../escape'],
    ['a/../../escape'],
    ['/etc/passwd'],
    ['a\\b'],
    ['a\u0000b'],
    ['a\nb'],
    [''],
    ['a//b'],
    ['a/./b'],
    ['a/'],
    ['x'.repeat(1100)],
  ])('refuses the key %j with bad_request and writes nothing', async (key) => {
    await expect(storage.put(key, Buffer.from('x'))).rejects.toMatchObject({ code: 'bad_request' });
    await expect(storage.get(key)).rejects.toBeInstanceOf(AppError);
    await expect(storage.delete(key)).rejects.toMatchObject({ code: 'bad_request' });
    expect(await filesUnder(root)).toEqual([]);
  });

  it('replaces an object atomically: open readers keep the old bytes, no orphans remain', async () => {
    await storage.put('doc.json', Buffer.from('old content'));
    const before = await storage.get('doc.json');
    const put = await storage.put('doc.json', Buffer.from('new content'));
    expect(await readAll(before.body)).toEqual(Buffer.from('old content'));
    const after = await storage.get('doc.json');
    expect(await readAll(after.body)).toEqual(Buffer.from('new content'));
    expect(after.etag).toBe(put.etag);
    expect(after.etag).not.toBe(before.etag);
    const files = await filesUnder(join(root, 'store'));
    expect(files.filter((f) => f.startsWith('objects/'))).toHaveLength(2);
    expect(files.filter((f) => f.startsWith('tmp/'))).toEqual([]);
  });

  it('keeps the previous object when a write fails midway', async () => {
    await storage.put('doc.json', Buffer.from('intact'));
    const failing = new Readable({
      read() {
        this.push(Buffer.from('partial'));
        this.destroy(new Error('client went away'));
      },
    });
    await expect(storage.put('doc.json', failing)).rejects.toThrow('client went away');
    expect(await readAll((await storage.get('doc.json')).body)).toEqual(Buffer.from('intact'));
    expect((await filesUnder(join(root, 'store'))).filter((f) => f.startsWith('tmp/'))).toEqual([]);
  });

  it('deletes idempotently and prunes emptied directories', async () => {
    await storage.put('tenants/t1/a/b/c.txt', Buffer.from('x'));
    await storage.put('tenants/t1/keep.txt', Buffer.from('y'));
    await storage.delete('tenants/t1/a/b/c.txt');
    await storage.delete('tenants/t1/a/b/c.txt');
    await storage.delete('never/existed');
    expect(await storage.head('tenants/t1/a/b/c.txt')).toBeNull();
    expect(await filesUnder(join(root, 'store', 'objects'))).toHaveLength(2);
    expect(await readdir(join(root, 'store', 'objects', 'tenants', 't1'))).not.toContain('a');
  });

  it('lists keys by plain string prefix, in order, like S3', async () => {
    const keys = ['tenants/a/x.png', 'tenants/a/y/z.png', 'tenants/ab/w', 'tenants/b/q', 'top'];
    for (const key of [...keys].reverse()) await storage.put(key, Buffer.from(key));
    expect(await collect(storage.list('tenants/a/'))).toEqual([
      'tenants/a/x.png',
      'tenants/a/y/z.png',
    ]);
    expect(await collect(storage.list('tenants/a'))).toEqual([
      'tenants/a/x.png',
      'tenants/a/y/z.png',
      'tenants/ab/w',
    ]);
    expect(await collect(storage.list(''))).toEqual(keys);
    expect(await collect(storage.list('missing/'))).toEqual([]);
    await expect(collect(storage.list('../'))).rejects.toMatchObject({ code: 'bad_request' });
  });

  it('stores keys that are both an object and a "directory", and unusual characters', async () => {
    const keys = ['a/b', 'a/b/c', 'a/b@blob', 'a/b@meta.json', 'ünï cödé/100%.txt', 'a/.hidden'];
    for (const key of keys) await storage.put(key, Buffer.from(`content of ${key}`));
    for (const key of keys) {
      expect((await readAll((await storage.get(key)).body)).toString()).toBe(`content of ${key}`);
    }
    expect(await collect(storage.list('a/'))).toEqual([
      'a/.hidden',
      'a/b',
      'a/b/c',
      'a/b@blob',
      'a/b@meta.json',
    ]);
  });

  it('refuses a malformed content type', async () => {
    await expect(
      storage.put('x', Buffer.from('x'), { contentType: 'text/html\r\nX-Evil: 1' }),
    ).rejects.toMatchObject({
      code: 'bad_request',
    });
  });
});
