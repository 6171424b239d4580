import { dirname, isAbsolute, join, normalize, relative, sep } from 'node:path';
import type { ManifestNode } from '../core/index.js';
import { writeIfChanged } from './write-file.js';

export interface CompiledFilesOptions {
  /** Directory `compiled_path` is relative to (dbt: the project root); defaults to the parent of `targetDir`. */
  projectRoot?: string;
}

/**
 * Writes each node's rendered SQL to `target/compiled/<package>/<path>` and returns `unique_id → compiled_path`
 * (relative to the project root, as dbt records it: `target/compiled/jaffle_shop/models/staging/stg_orders.sql`).
 * Nodes without compiled code (seeds, not-yet-rendered run-time nodes) are skipped. Files whose content is unchanged
 * are not rewritten, so repeated compiles cost a `stat` per node.
 */
export function writeCompiledFiles(
  targetDir: string,
  projectName: string,
  nodes: Iterable<ManifestNode>,
  options: CompiledFilesOptions = {},
): Record<string, string> {
  const createdDirs = new Set<string>();
  const paths: Record<string, string> = {};
  const locate = compiledFileLocator(targetDir, projectName, options.projectRoot);
  for (const node of nodes) {
    if (node.compiled_code === null || node.compiled_code === undefined) continue;
    const { file, relativePath } = locate(node);
    writeIfChanged(file, node.compiled_code, createdDirs);
    paths[node.unique_id] = relativePath;
  }
  return paths;
}

/** Where a node's compiled SQL goes: the absolute file, and its path relative to the project root. */
export function compiledFile(targetDir: string, projectName: string, node: ManifestNode, projectRoot?: string): { file: string; relativePath: string } {
  const file = join(targetDir, 'compiled', node.package_name || projectName, targetWritePath(node));
  return { file, relativePath: toPosix(relative(projectRoot ?? dirname(targetDir), file)) };
}

/** A path segment list that path.join would leave as it is: no empty, `.` or `..` segment. */
const CLEAN_TAIL = /^(?!\.\.?(?:\/|$))(?:[^/]+\/(?!\.\.?(?:\/|$)))*[^/]+$/;

/**
 * compiledFile for many nodes of one target directory: the same results, by concatenation where path.join and
 * path.relative would not change anything (a normalised absolute target directory, a clean write path), which
 * for tens of thousands of nodes costs a fraction of the general functions.
 */
export function compiledFileLocator(targetDir: string, projectName: string, projectRoot?: string): (node: ManifestNode) => { file: string; relativePath: string } {
  const root = projectRoot ?? dirname(targetDir);
  const fast = sep === '/' && isAbsolute(targetDir) && normalize(targetDir) === targetDir && !targetDir.endsWith('/') && isAbsolute(root) && normalize(root) === root && root !== '/';
  const bases = new Map<string, string | null>();
  return (node) => {
    if (!fast) return compiledFile(targetDir, projectName, node, projectRoot);
    const packageName = node.package_name || projectName;
    let base = bases.get(packageName);
    if (base === undefined) {
      const joined = join(targetDir, 'compiled', packageName);
      base = CLEAN_TAIL.test(packageName) && joined === `${targetDir}/compiled/${packageName}` ? `${joined}/` : null;
      bases.set(packageName, base);
    }
    const tail = targetWritePath(node);
    if (base === null || !CLEAN_TAIL.test(tail)) return compiledFile(targetDir, projectName, node, projectRoot);
    const file = base + tail;
    return file.startsWith(`${root}/`) ? { file, relativePath: file.slice(root.length + 1) } : compiledFile(targetDir, projectName, node, projectRoot);
  };
}

/**
 * dbt's `get_target_write_path`: a node with a file of its own keeps that file's path; a node defined inside another
 * file (a generic or unit test in a YAML file) gets `<that file>/<node file name>`, e.g.
 * `models/schema.yml/not_null_orders_id.sql`.
 */
export function targetWritePath(node: ManifestNode): string {
  const original = node.original_file_path;
  if (basename(node.path) === basename(original) && /\.sql$/i.test(original)) return original;
  const own = /\.sql$/i.test(node.path) ? basename(node.path) : `${node.name}.sql`;
  return `${original}/${own}`;
}

function basename(path: string): string {
  return path.slice((path.includes('\\') ? path.replace(/\\/g, '/') : path).lastIndexOf('/') + 1);
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
