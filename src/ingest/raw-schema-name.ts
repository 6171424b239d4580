import { ChatsemError, identifierBytes } from '../core/index.js';

/** Longest prefix accepted, so that `<prefix>_event`, `<prefix>_staging` and `<prefix>_views` all fit in 63 bytes. */
export const MAX_PREFIX_BYTES = 40;

/**
 * Validates `source_schema_prefix` before any SQL runs and returns the raw schema `<prefix>_event`.
 * The prefix ends up unquoted in the package's models, so only lower-case identifier characters are allowed.
 */
export function rawSchemaName(prefix: string): string {
  if (typeof prefix !== 'string' || !/^[a-z_][a-z0-9_]*$/.test(prefix)) {
    throw new ChatsemError(`Invalid source_schema_prefix ${JSON.stringify(prefix)}.`, {
      hint: 'Use lower-case letters, digits and underscores, not starting with a digit, e.g. --vars source_schema_prefix=carbon_bot',
    });
  }
  if (identifierBytes(prefix) > MAX_PREFIX_BYTES) {
    throw new ChatsemError(`source_schema_prefix "${prefix}" is ${identifierBytes(prefix)} bytes long; the limit is ${MAX_PREFIX_BYTES}.`, {
      hint: 'Choose a shorter prefix: schemas <prefix>_event, <prefix>_staging and <prefix>_views must fit in 63 bytes.',
    });
  }
  return `${prefix}_event`;
}
