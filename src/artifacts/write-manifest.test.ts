import { mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../test-support/databases.js';
import { makeNode, sampleManifest } from './__fixtures__/manifest.js';
import { compiledFile, compiledFileLocator } from './compiled-files.js';
import { MANIFEST_SCHEMA, targetWritePath, writeCompiledFiles, writeManifest, writePerfInfo, RunFileWriter } from './index.js';

let dir: { path: string; remove: () => void };
let target: string;
beforeEach(() => {
  dir = makeTempDir();
  target = join(dir.path, 'target');
});
afterEach(() => dir.remove());

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, any>;

describe('writeManifest', () => {
  it("writes dbt's top-level shape in one compact line", () => {
    const path = writeManifest(target, sampleManifest());
    expect(path).toBe(join(target, 'manifest.json'));
    const text = readFileSync(path, 'utf8');
    expect(text.includes('\n')).toBe(false);
    const manifest = JSON.parse(text);
    expect(Object.keys(manifest).sort()).toEqual(
      [
        'metadata', 'nodes', 'sources', 'macros', 'docs', 'exposures', 'metrics', 'groups', 'selectors', 'disabled',
        'parent_map', 'child_map', 'group_map', 'saved_queries', 'semantic_models', 'unit_tests',
      ].sort(),
    );
    expect(manifest.metadata).toMatchObject({
      dbt_schema_version: MANIFEST_SCHEMA,
      dbt_version: '9.9.9',
      chatsem_version: '9.9.9',
      project_name: 'shop',
      invocation_id: 'inv-1',
      generated_at: '2024-05-01T12:00:00.000Z',
      adapter_type: 'postgres',
      send_anonymous_usage_stats: false,
    });
    expect(manifest.metadata.project_id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('keeps unit tests out of nodes and moves chatsem-only fields under `chatsem`', () => {
    writeManifest(target, sampleManifest());
    const manifest = readJson(join(target, 'manifest.json'));
    expect(Object.keys(manifest.nodes).sort()).toEqual(['model.shop.stg_events', 'seed.shop.intents', 'test.shop.not_null_stg_events_id']);
    const model = manifest.nodes['model.shop.stg_events'];
    expect(model).not.toHaveProperty('renders_at_runtime');
    expect(model).not.toHaveProperty('location');
    expect(model.chatsem).toEqual({ renders_at_runtime: true, location: { file: 'models/staging/stg_events.sql', line: 1 } });
    expect(model).toMatchObject({ resource_type: 'model', access: 'protected', compiled: true, docs: { show: true, node_color: null } });
    expect(manifest.nodes['seed.shop.intents'].compiled).toBe(false);

    const unit = manifest.unit_tests['unit_test.shop.stg_events.parses'];
    expect(unit).toMatchObject({ model: 'stg_events', resource_type: 'unit_test' });
    expect(unit.given).toEqual([{ input: "source('rasa', 'events')", rows: [{ id: 1 }], format: 'dict', fixture: null }]);
    expect(unit.expect).toEqual({ input: '', rows: 'id\n1', format: 'csv', fixture: null });
    expect(unit).not.toHaveProperty('unit_test');
  });

  it('writes source freshness, macros, disabled nodes and both maps', () => {
    writeManifest(target, sampleManifest());
    const manifest = readJson(join(target, 'manifest.json'));
    expect(manifest.sources['source.shop.rasa.events'].freshness).toEqual({
      warn_after: { count: 12, period: 'hour' },
      error_after: { count: null, period: null },
      filter: null,
    });
    expect(manifest.macros['macro.shop.cents'].resource_type).toBe('macro');
    expect(manifest.disabled['model.shop.old'][0].config.enabled).toBe(false);
    expect(manifest.parent_map['model.shop.stg_events']).toEqual(['source.shop.rasa.events']);
    expect(manifest.child_map['model.shop.stg_events']).toEqual(['test.shop.not_null_stg_events_id', 'unit_test.shop.stg_events.parses']);
    expect(manifest.parent_map['source.shop.rasa.events']).toEqual([]);
  });

  it('pretty-prints on request', () => {
    writeManifest(target, sampleManifest(), { pretty: true });
    expect(readFileSync(join(target, 'manifest.json'), 'utf8')).toContain('\n  "metadata": {');
  });
});

describe('writePerfInfo', () => {
  it("uses dbt's field names plus chatsem's phases and peak memory", () => {
    writePerfInfo(target, { path_count: 12, read_files_elapsed: 0.01, load_all_elapsed: 0.2, compile_elapsed: 0.1, graph_elapsed: 0.003, render_elapsed: 0.05 });
    const info = readJson(join(target, 'perf_info.json'));
    expect(info).toMatchObject({
      path_count: 12,
      read_files_elapsed: 0.01,
      load_all_elapsed: 0.2,
      compile_elapsed: 0.1,
      graph_elapsed: 0.003,
      load_macros_elapsed: null,
      render_elapsed: 0.05,
      is_partial_parse_enabled: false,
    });
    expect(info.peak_rss_bytes).toBeGreaterThan(1024 * 1024);
  });
});

describe('writeCompiledFiles / writeRunFile', () => {
  it("mirrors dbt's paths and returns them relative to the project root", () => {
    const manifest = sampleManifest();
    const paths = writeCompiledFiles(target, 'shop', Object.values(manifest.nodes));
    expect(paths).toEqual({
      'model.shop.stg_events': 'target/compiled/shop/models/staging/stg_events.sql',
      'test.shop.not_null_stg_events_id': 'target/compiled/shop/models/staging/schema.yml/not_null_stg_events_id.sql',
      'unit_test.shop.stg_events.parses': 'target/compiled/shop/models/staging/unit.yml/parses.sql',
    });
    expect(readFileSync(join(dir.path, paths['model.shop.stg_events']!), 'utf8')).toBe('select 1 -- stg_events');
    expect(writeCompiledFiles(target, 'shop', [manifest.nodes['model.shop.stg_events']!], { projectRoot: target })).toEqual({
      'model.shop.stg_events': 'compiled/shop/models/staging/stg_events.sql',
    });
  });

  it('does not rewrite unchanged files, and rewrites changed ones', () => {
    const model = makeNode('model.shop.orders', 'models/orders.sql');
    const other = makeNode('model.shop.items', 'models/items.sql');
    writeCompiledFiles(target, 'shop', [model, other]);
    const file = join(target, 'compiled/shop/models/orders.sql');
    const otherFile = join(target, 'compiled/shop/models/items.sql');
    const past = new Date('2001-01-01T00:00:00Z');
    utimesSync(file, past, past);
    utimesSync(otherFile, past, past);

    writeCompiledFiles(target, 'shop', [model, { ...other, compiled_code: 'select 2 -- items' }]);
    expect(statSync(file).mtimeMs).toBe(past.getTime());
    expect(statSync(otherFile).mtimeMs).not.toBe(past.getTime());
    expect(readFileSync(otherFile, 'utf8')).toBe('select 2 -- items');

    // Same size, different bytes: still rewritten.
    writeFileSync(file, 'select 1 -- ORDERS');
    writeCompiledFiles(target, 'shop', [model]);
    expect(readFileSync(file, 'utf8')).toBe('select 1 -- orders');
  });

  it('writes the executed DDL under target/run, the later SQL winning, and reports files it could not write', async () => {
    const manifest = sampleManifest();
    const model = manifest.nodes['model.shop.stg_events']!;
    const writer = new RunFileWriter(target, 'shop');
    writer.write(model, 'create view x as (select 0);\n');
    writer.write(model, 'create view x as (select 1);\n');
    mkdirSync(join(target, 'run'), { recursive: true });
    writeFileSync(join(target, 'run', 'blocked'), 'a file where a folder must go');
    writer.write({ ...model, package_name: 'blocked' }, 'select 2');
    const failures = await writer.settle();
    expect(readFileSync(join(target, 'run/shop/models/staging/stg_events.sql'), 'utf8')).toBe('create view x as (select 1);\n');
    expect(failures.map((f) => f.file)).toEqual([join(target, 'run/blocked/models/staging/stg_events.sql')]);
    expect(failures[0]!.message).toMatch(/EEXIST|ENOTDIR/);
  });

  it('locates compiled files as compiledFile does, whatever the paths look like', () => {
    const nodes = [
      makeNode('model.shop.a', 'models/x/a.sql'),
      makeNode('test.shop.t', 'models/x/s.yml'),
      makeNode('model.shop.up', 'models/../elsewhere/up.sql', { path: 'up.sql' }),
      makeNode('model.shop.dot', 'models/./x/dot.sql', { path: 'dot.sql' }),
      makeNode('model.other.b', 'models/b.sql', { package_name: '' }),
      makeNode('model.pkg.c', 'models//c.sql', { package_name: '../pkg', path: 'c.sql' }),
    ];
    for (const targetDir of [target, `${target}/`, `${dir.path}/x/../target`, 'relative/target', '/target']) {
      for (const projectRoot of [undefined, dir.path, target, '/']) {
        const locate = compiledFileLocator(targetDir, 'shop', projectRoot);
        for (const node of nodes) expect(locate(node), `${targetDir} ${projectRoot} ${node.unique_id}`).toEqual(compiledFile(targetDir, 'shop', node, projectRoot));
      }
    }
  });

  it('computes write paths as dbt does', () => {
    expect(targetWritePath(makeNode('model.p.a', 'models/x/a.sql'))).toBe('models/x/a.sql');
    expect(targetWritePath(makeNode('test.p.t', 'models/x/s.yml'))).toBe('models/x/s.yml/t.sql');
    expect(targetWritePath(makeNode('test.p.t', 'models/x/s.yml', { path: 'long_name_abc123.sql' }))).toBe('models/x/s.yml/long_name_abc123.sql');
    expect(targetWritePath(makeNode('test.p.single', 'tests/single.sql'))).toBe('tests/single.sql');
  });
});
