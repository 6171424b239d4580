import { quoteIdentifier } from './identifiers.js';

export type RelationType = 'table' | 'view' | 'materialized_view' | 'cte' | 'external';

/** A table or view in the warehouse. `toString()` renders the quoted name as dbt's Relation does. */
export class Relation {
  readonly database: string | null;
  readonly schema: string;
  readonly identifier: string;
  readonly type: RelationType;

  constructor(init: { database?: string | null; schema: string; identifier: string; type?: RelationType }) {
    this.database = init.database ?? null;
    this.schema = init.schema;
    this.identifier = init.identifier;
    this.type = init.type ?? 'table';
  }

  /** dbt's alias for `identifier`. */
  get name(): string {
    return this.identifier;
  }
  get table(): string {
    return this.identifier;
  }
  get is_table(): boolean {
    return this.type === 'table';
  }
  get is_view(): boolean {
    return this.type === 'view';
  }

  /** `"schema"."name"`; the database is omitted because PostgreSQL cannot query across databases. */
  render(): string {
    if (this.type === 'cte') return quoteIdentifier(this.identifier);
    return `${quoteIdentifier(this.schema)}.${quoteIdentifier(this.identifier)}`;
  }

  toString(): string {
    return this.render();
  }

  withIdentifier(identifier: string, type: RelationType = this.type): Relation {
    return new Relation({ database: this.database, schema: this.schema, identifier, type });
  }

  /** dbt's `relation.include(database=False)` etc.; chatsem never renders the database. */
  include(): Relation {
    return this;
  }

  toJSON(): { database: string | null; schema: string; identifier: string; type: RelationType } {
    return { database: this.database, schema: this.schema, identifier: this.identifier, type: this.type };
  }
}
