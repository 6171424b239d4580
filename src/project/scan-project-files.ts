import * as crypto from 'node:crypto';
import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { join, posix, sep } from 'node:path';
import { ConfigError, type FileKind, type ProjectFile, type ProjectPaths } from '../core/index.js';

interface ResourceSpec {
  paths: string[];
  kind: FileKind;
  extension: '.sql' | '.csv';
}

/** A seed larger than this is checksummed from its size and mtime: reading gigabytes to fill a manifest is waste. */
export const SEED_HASH_LIMIT = 1024 * 1024;

/** A project file found by listProjectFiles, not read yet. */
export type ProjectFileEntry = Omit<ProjectFile, 'contents' | 'checksum'>;

/**
 * Finds and reads every file of the project. Everything is synchronous on purpose: for thousands of small files
 * readFileSync is several times faster than fs.promises (measured: 10,000 files in ~0.2 s vs ~2 s on 2 busy cores).
 */
export function scanProjectFiles(root: string, paths: ProjectPaths, errors: ConfigError[]): ProjectFile[] {
  return listProjectFiles(root, paths, errors).map((entry) => readProjectFile(root, entry));
}

/** Every file of the project, in path order, without reading them (scanProjectFiles = this + readProjectFile). */
export function listProjectFiles(root: string, paths: ProjectPaths, errors: ConfigError[]): ProjectFileEntry[] {
  const specs: ResourceSpec[] = [
    { paths: paths.modelPaths, kind: 'model', extension: '.sql' },
    { paths: paths.seedPaths, kind: 'seed', extension: '.csv' },
    { paths: paths.snapshotPaths, kind: 'snapshot', extension: '.sql' },
    { paths: paths.analysisPaths, kind: 'analysis', extension: '.sql' },
    { paths: paths.testPaths, kind: 'test', extension: '.sql' },
    { paths: paths.macroPaths, kind: 'macro', extension: '.sql' },
  ];
  const found = new Map<string, Omit<ProjectFile, 'contents' | 'checksum'>>();
  for (const spec of specs) {
    for (const resourceRoot of spec.paths) {
      // Paths are built by concatenation while walking: path.join/relative per file cost more than the reads.
      const prefix = resourceRoot === '.' ? '' : `${resourceRoot}/`;
      for (const relativePath of walk(join(root, resourceRoot), '')) {
        const path = normalizePath(prefix + relativePath);
        if (found.has(path)) continue;
        const kind = classify(spec, relativePath);
        if (kind === 'python') {
          errors.push(new ConfigError(`Python models are not supported: ${path}`, { file: path }, 'Rewrite the model in SQL, or move the file out of the model paths.'));
          continue;
        }
        if (kind) found.set(path, { kind, path, relativePath, resourceRoot });
      }
    }
  }
  return [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function classify(spec: ResourceSpec, relativePath: string): FileKind | 'python' | null {
  const lower = relativePath.toLowerCase();
  if (lower.endsWith('.yml') || lower.endsWith('.yaml')) return 'properties';
  if (spec.kind === 'model' && lower.endsWith('.py')) return 'python';
  if (!lower.endsWith(spec.extension)) return null;
  // dbt keeps custom generic tests in tests/generic/: they are `{% test %}` macro blocks, not singular tests.
  if (spec.kind === 'test' && (lower.startsWith('generic/') || lower.includes('/generic/'))) return 'macro';
  return spec.kind;
}

/** Yields paths relative to `dir`, with forward slashes, in name order. */
function* walk(dir: string, prefix: string): Generator<string> {
  let dirents: Dirent[];
  try {
    dirents = readdirSync(dir, { withFileTypes: true });
  } catch {
    return; // a path that does not exist holds no resources, as in dbt
  }
  dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const dirent of dirents) {
    if (dirent.name.startsWith('.') || dirent.name === 'node_modules') continue;
    let isDirectory = dirent.isDirectory();
    let isFile = dirent.isFile();
    if (dirent.isSymbolicLink()) {
      try {
        const stats = statSync(`${dir}${sep}${dirent.name}`);
        isDirectory = stats.isDirectory();
        isFile = stats.isFile();
      } catch {
        continue; // dangling link
      }
    }
    if (isDirectory) yield* walk(`${dir}${sep}${dirent.name}`, `${prefix}${dirent.name}/`);
    else if (isFile) yield prefix + dirent.name;
  }
}

/**
 * Reads one file: its text and sha256; seeds only get a checksum (of the file, or of its size and mtime when larger
 * than SEED_HASH_LIMIT). PROJECT_FILE_READER_SOURCE does the same on another thread.
 */
export function readProjectFile(root: string, entry: ProjectFileEntry): ProjectFile {
  const absolute = `${root}${sep}${entry.path}`;
  if (entry.kind === 'seed') {
    const stats = statSync(absolute);
    const checksum =
      stats.size <= SEED_HASH_LIMIT
        ? sha256(readFileSync(absolute))
        : sha256(`stat:${stats.size}:${Math.trunc(stats.mtimeMs)}`);
    return { ...entry, contents: '', checksum };
  }
  const contents = readFileSync(absolute, 'utf8');
  return { ...entry, contents, checksum: sha256(contents) };
}

// crypto.hash (Node ≥ 20.12) is the one-shot form, much cheaper than createHash for thousands of small files.
const oneShot = (crypto as { hash?: (algorithm: string, data: string | Buffer, encoding: 'hex') => string }).hash;

function sha256(data: string | Buffer): string {
  return oneShot ? oneShot('sha256', data, 'hex') : crypto.createHash('sha256').update(data).digest('hex');
}

/** `models/../x` and `./models` spelt in the project file still give dbt-style `original_file_path`s. */
function normalizePath(path: string): string {
  if (!path.includes('./') && !path.includes('\\')) return path;
  return posix.normalize(path.replace(/\\/g, '/'));
}
