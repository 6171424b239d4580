/** Test fixtures for snapshots: a snapshot node with a given config, and a runner that snapshots a query. */
import { Relation } from '../../core/index.js';
import type { ManifestNode } from '../../core/index.js';
import type { Adapter } from '../../adapters/index.js';
import { snapshot } from '../snapshot.js';
import { modelNode } from './model-node.js';

export function snapshotNode(name: string, config: Record<string, unknown>, schema = 'snapshots'): ManifestNode {
  const node = modelNode(name, { materialized: 'snapshot', ...config }, schema);
  return {
    ...node,
    unique_id: `snapshot.chatsem.${name}`,
    resource_type: 'snapshot',
    fqn: ['chatsem', name, name],
    original_file_path: `snapshots/${name}.sql`,
    location: { file: `snapshots/${name}.sql`, line: 1 },
  };
}

/** Snapshots `sql` into `schema`.`name`; `now` pins the snapshot time (a SQL timestamp literal). */
export function snap(adapter: Adapter, schema: string, name: string, config: Record<string, unknown>, sql: string, now?: string) {
  return snapshot(adapter, {
    node: snapshotNode(name, config, schema),
    sql,
    relation: new Relation({ schema, identifier: name }),
    preHooks: [],
    postHooks: [],
    now,
  });
}
