import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Manifest } from '../core/index.js';
import { makeTempDir } from '../test-support/databases.js';
import { makeNode, sampleManifest } from './__fixtures__/manifest.js';
import { manifestArtifact, writeManifest } from './index.js';
import { nodeMaps } from '../graph/index.js';
import { serializeManifest } from './manifest-json.js';
import { writeNodeMaps } from './manifest-maps.js';

let dir: { path: string; remove: () => void };
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => dir.remove());

function streamed(manifest: Manifest): string {
  let text = '';
  serializeManifest(manifest, (piece) => {
    text += piece;
  });
  return text;
}

/** Nodes of every shape the fast path must reproduce or hand to the generic one. */
function variedManifest(): Manifest {
  const manifest = sampleManifest();
  const add = (node: ReturnType<typeof makeNode>) => {
    manifest.nodes[node.unique_id] = node;
  };
  add(makeNode('model.shop.versioned', 'models/versioned.sql', { version: 2 } as never));
  add(makeNode('model.shop.quoted', 'models/quoted.sql', { description: 'says "hi" \u2028 ünïcode \n', meta: { nested: { list: [1, null, 'x'] } } }));
  add(makeNode('snapshot.shop.snap', 'snapshots/snap.sql', { compiled_code: null, docs: { show: false, node_color: 'red' } } as never));
  add(makeNode('analysis.shop.a', 'analyses/a.sql', { access: 'public' } as never));
  const bare = makeNode('test.shop.bare', 'tests/bare.sql');
  delete (bare as Partial<typeof bare>).location;
  add(bare);
  return manifest;
}

describe('serializeManifest', () => {
  it('produces exactly JSON.stringify(manifestArtifact(manifest))', () => {
    for (const manifest of [sampleManifest(), variedManifest()]) {
      expect(streamed(manifest)).toBe(JSON.stringify(manifestArtifact(manifest)));
    }
  });

  it('leaves the nodes as they were', () => {
    const manifest = variedManifest();
    const before = JSON.stringify(manifest);
    const keys = Object.values(manifest.nodes).map((node) => Object.keys(node).join());
    streamed(manifest);
    expect(JSON.stringify(manifest)).toBe(before);
    expect(Object.values(manifest.nodes).map((node) => Object.keys(node).join())).toEqual(keys);
  });

  it('writes the same file through chunks as in one piece, and no temporary file stays behind', () => {
    const manifest = variedManifest();
    for (let i = 0; i < 3000; i++) {
      const node = makeNode(`test.shop.t${i}`, 'models/schema.yml', { raw_code: `select ${'x'.repeat(i % 500)} -- é ${i}` });
      manifest.nodes[node.unique_id] = node;
    }
    const target = join(dir.path, 'target');
    writeManifest(target, manifest);
    expect(readFileSync(join(target, 'manifest.json'), 'utf8')).toBe(JSON.stringify(manifestArtifact(manifest)));
    expect(readFileSync(join(target, 'manifest.json')).length).toBeGreaterThan(1 << 21);
  });

  it('removes the temporary file when serialising fails', () => {
    const manifest = sampleManifest();
    (manifest.nodes['model.shop.stg_events']!.meta as Record<string, unknown>).big = 1n;
    const target = join(dir.path, 'target');
    expect(() => writeManifest(target, manifest)).toThrow(/BigInt/);
    expect(manifest.nodes['model.shop.stg_events']!.location).toEqual({ file: 'models/staging/stg_events.sql', line: 1 });
    expect(readdirSync(target)).toEqual([]);
  });
});

describe('writeNodeMaps', () => {
  it("writes graph's nodeMaps, duplicates and unknown parents included", () => {
    const manifest = variedManifest();
    const test = manifest.nodes['test.shop.not_null_stg_events_id']!;
    test.depends_on.nodes = ['model.shop.stg_events', 'model.shop.stg_events', 'model.shop.gone', 'model.shop.quoted'];
    manifest.nodes['model.shop.quoted']!.depends_on.nodes = ['source.shop.rasa.events'];
    let text = '{';
    writeNodeMaps(manifest, (piece) => {
      text += piece;
    });
    const maps = nodeMaps(manifest);
    expect(text + '}').toBe(JSON.stringify({ parent_map: maps.parents, child_map: maps.children }));
  });
});
