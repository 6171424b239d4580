/** A PGlite target: a data folder, or a path starting with `memory://` for a throw-away in-memory database (tests). */
export interface PGliteConfig {
  path: string;
  /** Default schema of the target. */
  schema: string;
}

export interface PGliteOpenOptions {
  /** How long to wait for another process holding the folder; 0 (default) fails at once. */
  lockTimeoutMs?: number;
  /** Largest Blob fed to one `COPY … FROM '/dev/blob'`; a copy is split into several COPYs of this size. */
  copyChunkBytes?: number;
}

export const IN_MEMORY_PATH = 'memory://';
export const DEFAULT_COPY_CHUNK_BYTES = 16 * 1024 * 1024;
