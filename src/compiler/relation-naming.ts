/**
 * Where a node lives: dbt's generate_schema_name / generate_alias_name (overridable by project macros), and
 * the relations `ref()` returns for ephemeral models (a CTE name) and under `--empty` (a zero-row subquery).
 */
import { identifierBytes, isSimpleIdentifier, MAX_IDENTIFIER_BYTES, quoteIdentifier, Relation } from '../core/index.js';
import type { RelationType } from '../core/index.js';

export const EPHEMERAL_PREFIX = '__dbt__cte__';

/** `ref()` to an ephemeral model: the name of the CTE injected into the referencing node. */
export class EphemeralRelation extends Relation {
  constructor(schema: string, identifier: string) {
    super({ schema, identifier: EPHEMERAL_PREFIX + identifier, type: 'cte' });
  }
  override render(): string {
    return isSimpleIdentifier(this.identifier) ? this.identifier : quoteIdentifier(this.identifier);
  }
}

/**
 * `ref()` during the parse render, before the referenced node's schema is known (generate_schema_name runs after
 * parsing). A config value holding one, e.g. `config(partition_scope=ref('sender_ids'))`, is swapped for the
 * node's final relation when the graph is linked; otherwise it would name the target schema.
 */
export class ParsedRefRelation extends Relation {
  constructor(
    schema: string,
    identifier: string,
    readonly refName: string,
    readonly refVersion: string | null,
  ) {
    super({ schema, identifier });
  }
}

/** `ref()`/`source()` under `--empty`: the relation read as a subquery returning no rows. */
export class EmptyRelation extends Relation {
  constructor(init: { database?: string | null; schema: string; identifier: string; type?: RelationType }) {
    super(init);
  }
  override render(): string {
    return `(select * from ${quoteIdentifier(this.schema)}.${quoteIdentifier(this.identifier)} where false limit 0) _dbt_limit_subq_${this.identifier.replace(/\W/g, '_')}`;
  }
}

/** dbt's default: the target schema, or `<target schema>_<custom>` when the node sets `schema`. */
export function defaultSchemaName(targetSchema: string, custom: string | null): string {
  return custom === null || custom.trim() === '' ? targetSchema : `${targetSchema}_${custom.trim()}`;
}

/** PostgreSQL would silently truncate longer identifiers; chatsem refuses them. */
export function identifierProblem(kind: string, name: string): string | null {
  if (identifierBytes(name) <= MAX_IDENTIFIER_BYTES) return null;
  return `${kind} '${name}' is ${identifierBytes(name)} bytes long; PostgreSQL allows ${MAX_IDENTIFIER_BYTES}`;
}
