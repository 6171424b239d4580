/** Names of the intermediate relations a rebuild uses; the suffixes and the length rule come from src/adapters. */
import { MAX_IDENTIFIER_BYTES, identifierBytes } from '../core/index.js';
import type { ManifestNode, Relation } from '../core/index.js';
import { BACKUP_RELATION_SUFFIX, TEMP_RELATION_SUFFIX, checkIdentifierLength } from '../adapters/index.js';
import { nodeError } from './node-error.js';

export { BACKUP_RELATION_SUFFIX, TEMP_RELATION_SUFFIX };

export function tempRelation(relation: Relation): Relation {
  return relation.withIdentifier(relation.identifier + TEMP_RELATION_SUFFIX);
}

export function backupRelation(relation: Relation): Relation {
  return relation.withIdentifier(relation.identifier + BACKUP_RELATION_SUFFIX);
}

/**
 * PostgreSQL silently truncates identifiers to 63 bytes, so `<name>__chatsem_backup` could collide with another
 * relation. Checked before any SQL runs.
 */
export function checkRelationNames(node: ManifestNode, relation: Relation): void {
  checkIdentifierLength(relation.identifier, { resource: node.resource_type, node: node.unique_id, location: node.location });
  const bytes = identifierBytes(relation.schema);
  if (bytes > MAX_IDENTIFIER_BYTES) {
    throw nodeError(
      node,
      `schema name "${relation.schema}" is ${bytes} bytes; PostgreSQL would silently truncate it to ${MAX_IDENTIFIER_BYTES}`,
      `Shorten the schema (config \`schema\` or the target's schema) to at most ${MAX_IDENTIFIER_BYTES} bytes.`,
    );
  }
}
