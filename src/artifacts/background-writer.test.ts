import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../test-support/databases.js';
import { makeNode, sampleManifest } from './__fixtures__/manifest.js';
import { BackgroundWriter, manifestArtifact, writeCompiledFiles } from './index.js';

let dir: { path: string; remove: () => void };
let target: string;
let writer: BackgroundWriter;
beforeEach(() => {
  dir = makeTempDir();
  target = join(dir.path, 'target');
  writer = new BackgroundWriter();
});
afterEach(async () => {
  await writer.close().catch(() => {});
  dir.remove();
});

describe('BackgroundWriter', () => {
  it('writes compiled files as writeCompiledFiles does, returning the same paths', async () => {
    const nodes = Object.values(sampleManifest().nodes);
    const paths = writer.writeCompiledFiles(target, 'shop', nodes);
    await writer.flush();
    const other = join(dir.path, 'sync', 'target');
    expect(paths).toEqual(writeCompiledFiles(other, 'shop', nodes));
    for (const path of Object.values(paths)) expect(readFileSync(join(dir.path, path), 'utf8')).toBe(readFileSync(join(dir.path, 'sync', path), 'utf8'));
  });

  it('leaves unchanged files alone and rewrites changed ones, in the order asked', async () => {
    const model = makeNode('model.shop.orders', 'models/orders.sql');
    writer.writeCompiledFiles(target, 'shop', [model]);
    await writer.flush();
    const file = join(target, 'compiled/shop/models/orders.sql');
    const past = new Date('2001-01-01T00:00:00Z');
    utimesSync(file, past, past);
    writer.writeCompiledFiles(target, 'shop', [model]);
    await writer.flush();
    expect(statSync(file).mtimeMs).toBe(past.getTime());
    writer.writeCompiledFiles(target, 'shop', [{ ...model, compiled_code: 'select 2' }]);
    writer.writeCompiledFiles(target, 'shop', [{ ...model, compiled_code: 'select 3' }]);
    await writer.flush();
    expect(readFileSync(file, 'utf8')).toBe('select 3');
  });

  it('after reading ahead, still leaves unchanged files alone and rewrites the changed ones', async () => {
    const kept = makeNode('model.shop.orders', 'models/orders.sql');
    const changed = makeNode('model.shop.items', 'models/items.sql');
    const touched = makeNode('model.shop.users', 'models/users.sql');
    writer.writeCompiledFiles(target, 'shop', [kept, changed, touched]);
    await writer.flush();
    const file = (name: string): string => join(target, `compiled/shop/models/${name}.sql`);
    const past = new Date('2001-01-01T00:00:00Z');
    for (const name of ['orders', 'items', 'users']) utimesSync(file(name), past, past);

    writer.readAhead(join(target, 'compiled'));
    await writer.flush();
    // Edited after the read-ahead: what is on disk counts, not what was read.
    writeFileSync(file('users'), 'select 1 -- edited');
    writer.writeCompiledFiles(target, 'shop', [kept, { ...changed, compiled_code: 'select 2 -- items' }, touched]);
    await writer.flush();
    expect(statSync(file('orders')).mtimeMs).toBe(past.getTime());
    expect(readFileSync(file('items'), 'utf8')).toBe('select 2 -- items');
    expect(readFileSync(file('users'), 'utf8')).toBe('select 1 -- users');
  });

  it('reading ahead a directory that does not exist changes nothing', async () => {
    writer.readAhead(join(target, 'compiled'));
    const paths = writer.writeCompiledFiles(target, 'shop', [makeNode('model.shop.orders', 'models/orders.sql')]);
    await writer.flush();
    expect(readFileSync(join(dir.path, paths['model.shop.orders']!), 'utf8')).toBe('select 1 -- orders');
  });

  it('reads text files with their sha256 as this thread would, and rejects a file it cannot read', async () => {
    mkdirSync(dir.path, { recursive: true });
    const files = ['a.sql', 'b.sql'].map((name) => join(dir.path, name));
    writeFileSync(files[0]!, 'select 1 -- ü');
    writeFileSync(files[1]!, Buffer.from([0x73, 0xff, 0x0a]));
    const read = await writer.readTexts(files);
    expect(read.contents).toEqual(files.map((file) => readFileSync(file, 'utf8')));
    expect(read.checksums).toEqual(read.contents.map((text) => createHash('sha256').update(text).digest('hex')));
    await expect(writer.readTexts([join(dir.path, 'missing.sql')])).rejects.toThrow();
    // A failed read is not a failed write.
    await expect(writer.flush()).resolves.toBeUndefined();
  });

  it('writes manifest.json with the same text as manifestArtifact, in pieces', async () => {
    const manifest = sampleManifest();
    for (let i = 0; i < 5000; i++) {
      const node = makeNode(`test.shop.t${i}`, 'models/schema.yml', { raw_code: `select '${'ü'.repeat(i % 300)}' -- ${i}` });
      manifest.nodes[node.unique_id] = node;
    }
    const path = writer.writeManifest(target, manifest);
    expect(path).toBe(join(target, 'manifest.json'));
    await writer.close();
    expect(readFileSync(path, 'utf8')).toBe(JSON.stringify(manifestArtifact(manifest)));
    expect(readdirSync(target)).toEqual(['manifest.json']);
  });

  it('reports a failed write on flush and keeps no temporary manifest', async () => {
    mkdirSync(target, { recursive: true });
    writeFileSync(join(target, 'compiled'), 'a file where a directory should be');
    writer.writeCompiledFiles(target, 'shop', [makeNode('model.shop.orders', 'models/orders.sql')]);
    await expect(writer.flush()).rejects.toThrow(/EEXIST|ENOTDIR/);
    await expect(writer.close()).rejects.toThrow(/EEXIST|ENOTDIR/);
  });

  it('drops the temporary file when the manifest cannot be serialised', async () => {
    const manifest = sampleManifest();
    (manifest.nodes['model.shop.stg_events']!.meta as Record<string, unknown>).big = 1n;
    expect(() => writer.writeManifest(target, manifest)).toThrow(/BigInt/);
    await writer.flush();
    expect(readdirSync(target)).toEqual([]);
    expect(existsSync(join(target, 'manifest.json'))).toBe(false);
  });

  it('reports a manifest that cannot be written', async () => {
    if (process.getuid?.() === 0) {
      // root writes through permissions: a path under a file fails for everyone.
      mkdirSync(dir.path, { recursive: true });
      writeFileSync(join(dir.path, 'blocker'), '');
      writer.writeManifest(join(dir.path, 'blocker', 'target'), sampleManifest());
    } else {
      mkdirSync(target, { recursive: true });
      chmodSync(target, 0o500);
      writer.writeManifest(target, sampleManifest());
    }
    await expect(writer.flush()).rejects.toThrow();
  });
});
