/**
 * Nodes from files: models, analyses, singular tests, snapshots (one per `{% snapshot %}` block) and seeds,
 * each with its fqn, base config (defaults < project tree < properties) and compiled template.
 */
import type { ChatsemError, ConfigTree, ManifestNode, Project, ProjectFile, ResourceType } from '../core/index.js';
import { mergeConfig } from './config-merge.js';
import { resolveConfig, treeConfig } from './config-resolver.js';
import { extractSnapshots } from './jinja-blocks.js';
import { compileNodeTemplate } from './node-templates.js';
import { columnInfos, type PropertiesIndex, type PropertiesKind } from './properties-index.js';
import type { NodeBuild } from './session-types.js';

const baseName = (path: string): string => path.replace(/^.*\//, '').replace(/\.[^.]+$/, '');
const folders = (relativePath: string): string[] => relativePath.replace(/\\/g, '/').split('/').slice(0, -1);

export const GENERIC_TEST_BLOCK = /\{%-?\s*test\s+[A-Za-z_]/;

interface Kind {
  resourceType: ResourceType;
  tree: (project: Project) => ConfigTree | undefined;
  properties: PropertiesKind | null;
}

const KINDS: Partial<Record<ProjectFile['kind'], Kind>> = {
  model: { resourceType: 'model', tree: (p) => p.config.models, properties: 'models' },
  analysis: { resourceType: 'analysis', tree: (p) => p.config.models, properties: 'analyses' },
  test: { resourceType: 'test', tree: (p) => p.config.tests, properties: null },
  snapshot: { resourceType: 'snapshot', tree: (p) => p.config.snapshots, properties: 'snapshots' },
  seed: { resourceType: 'seed', tree: (p) => p.config.seeds, properties: 'seeds' },
};

const defaultConfigs = new Map<ResourceType, ManifestNode['config']>();

/** A node with every field set, so all nodes share one object shape. */
export function emptyNode(init: Pick<ManifestNode, 'unique_id' | 'resource_type' | 'name' | 'package_name' | 'path' | 'original_file_path' | 'fqn' | 'raw_code' | 'location'> & { checksum?: string; compiled_path?: string | null }): ManifestNode {
  let config = defaultConfigs.get(init.resource_type);
  if (!config) {
    config = resolveConfig(init.resource_type, []);
    defaultConfigs.set(init.resource_type, config);
  }
  return {
    unique_id: init.unique_id,
    resource_type: init.resource_type,
    name: init.name,
    package_name: init.package_name,
    path: init.path,
    original_file_path: init.original_file_path,
    fqn: init.fqn,
    database: null,
    schema: '',
    alias: init.name,
    relation_name: null,
    raw_code: init.raw_code,
    compiled_code: null,
    compiled_path: init.compiled_path ?? null,
    language: 'sql',
    config,
    tags: [],
    description: '',
    columns: {},
    meta: {},
    depends_on: { nodes: [], macros: [] },
    refs: [],
    sources: [],
    checksum: { name: 'sha256', checksum: init.checksum ?? '' },
    patch_path: null,
    renders_at_runtime: false,
    location: init.location,
  };
}

export function newBuild(node: ManifestNode, baseConfig: Record<string, unknown>): NodeBuild {
  return { node, render: null, baseConfig, fileConfig: {}, relation: null, ephemeralRefs: [], bodySql: null, failed: false };
}

/** Whether a file under a test path holds generic test definitions (it is then a macro file, not a test). */
export function isGenericTestFile(file: ProjectFile): boolean {
  return file.kind === 'test' && (file.relativePath.startsWith('generic/') || GENERIC_TEST_BLOCK.test(file.contents));
}

export function buildFileNodes(project: Project, properties: PropertiesIndex, errors: ChatsemError[]): NodeBuild[] {
  const builds: NodeBuild[] = [];
  const projectName = project.config.name;
  const compiledRoot = `${project.config.paths.targetPath}/compiled/${projectName}`;
  for (const file of project.files) {
    const kind = KINDS[file.kind];
    if (!kind) continue;
    const isSeed = file.kind === 'seed';
    if (isSeed ? !/\.csv$/i.test(file.path) : !/\.sql$/i.test(file.path)) continue;
    if (isGenericTestFile(file)) continue;
    const blocks = file.kind === 'snapshot'
      ? extractSnapshots(file.contents).map((block) => ({ name: block.name, text: block.body, line: block.line, fqnTail: [baseName(file.path), block.name] }))
      : [{ name: baseName(file.path), text: isSeed ? '' : file.contents, line: 1, fqnTail: [baseName(file.path)] }];
    for (const block of blocks) {
      const fqn = [projectName, ...folders(file.relativePath), ...block.fqnTail];
      const entry = kind.properties ? properties.get(kind.properties, block.name) : undefined;
      const base = mergeConfig(treeConfig(kind.tree(project), fqn), entry?.properties.config);
      const node = emptyNode({
        unique_id: `${kind.resourceType}.${projectName}.${block.name}`,
        resource_type: kind.resourceType,
        name: block.name,
        package_name: projectName,
        path: file.relativePath,
        original_file_path: file.path,
        fqn,
        raw_code: file.kind === 'snapshot' ? block.text.replace(/^\n+/, '') : block.text,
        location: { file: file.path, line: block.line },
        checksum: file.checksum,
        compiled_path: isSeed ? null : `${compiledRoot}/${file.path}`,
      });
      if (entry) {
        node.description = entry.properties.description ?? '';
        node.columns = columnInfos(entry.properties.columns ?? []);
        node.meta = { ...(entry.properties.meta ?? {}) };
        node.patch_path = `${projectName}://${entry.file.path}`;
      }
      const build = newBuild(node, base);
      if (!isSeed) {
        const subject = `${kind.resourceType} ${block.name}`;
        const compiled = compileNodeTemplate(block.text, file.path, subject, node.unique_id);
        if (compiled.error) {
          errors.push(compiled.error);
          build.failed = true;
        } else build.render = compiled.render;
      }
      builds.push(build);
    }
  }
  return builds;
}
