import { describe, expect, it } from 'vitest';
import { loadProject } from '../project/index.js';
import { makeTempDir } from '../test-support/databases.js';
import { fixtureOptions } from './__fixtures__/compile-fixture.js';
import { generateBenchProject } from './bench-project.js';
import { ProjectCompiler } from './project-compiler.js';

describe('generateBenchProject', () => {
  it('writes a project that compiles without errors (npm run bench times the 10,000-model version)', async () => {
    const dir = makeTempDir('chatsem-bench-');
    try {
      generateBenchProject(dir.path, 150);
      const project = await loadProject(dir.path, { env: {} });
      const { manifest, errors } = new ProjectCompiler(project, fixtureOptions({ builtinMacros: [] })).compile();
      expect(errors).toEqual([]);
      const nodes = Object.values(manifest.nodes);
      expect(nodes.filter((node) => node.resource_type === 'model')).toHaveLength(150);
      expect(nodes.filter((node) => node.resource_type === 'test')).toHaveLength(330);
      expect(manifest.nodes['model.bench.model_26']!.compiled_code).toContain('__dbt__cte__model_25');
      expect(manifest.nodes['model.bench.model_3']!.compiled_code).toContain('from "raw"."events_3"');
    } finally {
      dir.remove();
    }
  });
});
