import { ChatsemError, MAX_IDENTIFIER_BYTES, identifierBytes, type SourceLocation } from '../core/index.js';

/** Suffix of the relation a table is built under before it is swapped in. */
export const TEMP_RELATION_SUFFIX = '__chatsem_tmp';
/** Suffix the previous relation is renamed to during the swap, dropped after commit. */
export const BACKUP_RELATION_SUFFIX = '__chatsem_backup';

const LONGEST_SUFFIX = [TEMP_RELATION_SUFFIX, BACKUP_RELATION_SUFFIX].reduce((a, b) => (identifierBytes(b) > identifierBytes(a) ? b : a));

/** Longest relation name chatsem accepts: 63 bytes minus room for its temporary suffixes. */
export const MAX_RELATION_NAME_BYTES = MAX_IDENTIFIER_BYTES - identifierBytes(LONGEST_SUFFIX);

export interface IdentifierContext {
  /** What the name belongs to, for the message: `model` (default), `seed`, `snapshot` … */
  resource?: string;
  /** unique_id of the node. */
  node?: string;
  location?: SourceLocation;
}

/**
 * PostgreSQL silently truncates identifiers longer than 63 bytes, so two long model names could end up as the same
 * table, or `x__chatsem_tmp` could collide with `x`. Reject such names before anything runs.
 */
export function checkIdentifierLength(name: string, context: IdentifierContext = {}): void {
  const bytes = identifierBytes(name);
  if (bytes <= MAX_RELATION_NAME_BYTES) return;
  const resource = context.resource ?? 'model';
  throw new ChatsemError(
    `${resource} name "${name}" is ${bytes} bytes; PostgreSQL allows ${MAX_IDENTIFIER_BYTES} and chatsem needs ` +
      `${identifierBytes(LONGEST_SUFFIX)} of them for its "${LONGEST_SUFFIX}" suffix, so at most ${MAX_RELATION_NAME_BYTES}`,
    {
      node: context.node,
      location: context.location,
      hint: `Rename the ${resource} or set \`alias\` in its config to a name of at most ${MAX_RELATION_NAME_BYTES} bytes.`,
    },
  );
}
