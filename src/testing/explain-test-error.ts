/**
 * Maps the database errors a test typically meets (missing schema, relation or column) to messages naming the
 * model or source the test reads and what to do, instead of a bare `relation "x" does not exist`.
 */
import type { GraphMember, Manifest, ManifestNode, SourceDefinition } from '../core/index.js';
import { ChatsemError, DatabaseError, formatLocation } from '../core/index.js';
import { missingSchemaError, missingTableError } from './source-check.js';
import { memberOf } from './member-of.js';

const UNDEFINED_TABLE = '42P01';
const INVALID_SCHEMA = '3F000';
const UNDEFINED_COLUMN = '42703';

function isSource(member: GraphMember): member is SourceDefinition {
  return member.resource_type === 'source';
}

function parents(node: ManifestNode, manifest: Manifest): GraphMember[] {
  const ids = [...(node.attached_node ? [node.attached_node] : []), ...node.depends_on.nodes];
  const members: GraphMember[] = [];
  for (const id of new Set(ids)) {
    const member = memberOf(manifest, id);
    if (member) members.push(member);
  }
  return members;
}

function identifierOf(member: GraphMember): string {
  return isSource(member) ? member.identifier : member.alias;
}

function describeMember(member: GraphMember): string {
  return isSource(member) ? `source ${member.source_name}.${member.name}` : `${member.resource_type} ${member.name}`;
}

function testLabel(node: ManifestNode): string {
  const where = formatLocation(node.location);
  return `test ${node.name}${where ? ` (${where})` : ''}`;
}

/** `relation "s.t" does not exist` → ["s", "t"]; `relation "t" does not exist` → [null, "t"]. */
function missingRelation(message: string): [string | null, string] | null {
  const match = /relation "([^"]+)" does not exist/.exec(message);
  if (!match) return null;
  const parts = match[1]!.split('.');
  return parts.length >= 2 ? [parts[parts.length - 2]!, parts[parts.length - 1]!] : [null, parts[0]!];
}

/**
 * A ChatsemError that explains `error` for test `node`; `error` itself when it is not one of the known cases.
 * The runner calls this when a test query fails (sqlState 42P01, 3F000 or 42703).
 */
export function explainTestError(error: DatabaseError, node: ManifestNode, manifest: Manifest): ChatsemError {
  const members = parents(node, manifest);
  const base = { node: node.unique_id, location: node.location, exitCode: 1 as const, cause: error };

  if (error.sqlState === INVALID_SCHEMA) {
    const schema = /schema "([^"]+)" does not exist/.exec(error.message)?.[1];
    const member = members.find((m) => m.schema === schema);
    if (member && isSource(member)) return withNode(missingSchemaError(member, [], testLabel(node)), node, error);
    if (member) return new ChatsemError(notBuilt(member, node), base);
  }
  if (error.sqlState === UNDEFINED_TABLE) {
    const missing = missingRelation(error.message);
    const member = missing
      ? members.find((m) => identifierOf(m) === missing[1] && (missing[0] === null || m.schema === missing[0]))
      : undefined;
    if (member && isSource(member)) return withNode(missingTableError(member, [], testLabel(node)), node, error);
    if (member) return new ChatsemError(notBuilt(member, node), base);
  }
  if (error.sqlState === UNDEFINED_COLUMN) {
    const column = /column "?([^"\s]+)"? does not exist/.exec(error.message)?.[1] ?? '?';
    const attached = node.attached_node ? memberOf(manifest, node.attached_node) : undefined;
    const target = attached ? `${describeMember(attached)} (${attached.schema}.${identifierOf(attached)})` : 'the tested relation';
    const fix = attached && isSource(attached)
      ? 'fix the column name in the properties YAML, or reload the data if its format changed'
      : 'fix the column name in the properties YAML, or add the column to the model and rebuild it';
    return new ChatsemError(`column ${column} not found in ${target}, needed by ${testLabel(node)} — ${fix}`, {
      ...base,
      hint: error.message,
    });
  }
  return error;
}

function notBuilt(member: GraphMember, node: ManifestNode): string {
  return (
    `${describeMember(member)} (${member.schema}.${identifierOf(member)}) does not exist in the warehouse, so ` +
    `${testLabel(node)} cannot run — build it first with \`chatsem build -s ${member.name}\``
  );
}

function withNode(explained: ChatsemError, node: ManifestNode, cause: DatabaseError): ChatsemError {
  return new ChatsemError(explained.message, {
    node: node.unique_id,
    location: explained.location,
    hint: explained.hint,
    exitCode: 1,
    cause,
  });
}
