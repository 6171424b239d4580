import { ChatsemError } from '../core/index.js';
import type { ManifestNode } from '../core/index.js';

/** A user-fixable failure of one node at run time: names the model and its file, exits 1 like dbt's node errors. */
export function nodeError(node: ManifestNode, message: string, hint?: string, cause?: unknown): ChatsemError {
  return new ChatsemError(`${describeNode(node)}: ${message}`, {
    node: node.unique_id,
    location: node.location,
    hint,
    exitCode: 1,
    cause,
  });
}

export function describeNode(node: ManifestNode): string {
  return `${node.resource_type} ${node.name} (${node.original_file_path})`;
}
