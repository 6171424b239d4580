/**
 * What an adapter needs from a database client: connections that run statements, and a way to stop. The adapter
 * classes hold all SQL (transactions, introspection); drivers only move bytes, so PGlite and PostgreSQL share the SQL.
 */
import type { Connection } from './adapter.js';

export interface DriverConnection extends Connection {
  /** Give the connection back; `broken` = it can no longer be trusted (the driver discards it). */
  release(broken?: boolean): void;
}

export interface Driver {
  /** Wait for a free connection (PGlite: for the one session). */
  acquire(): Promise<DriverConnection>;
  /** Cancel statements in flight. */
  cancel(): Promise<void>;
  close(): Promise<void>;
}
