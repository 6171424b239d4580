/**
 * What exists in the warehouse, read per schema on first use — only the schemas the selected nodes touch
 * (dbt introspects every schema of the project before running even one model).
 */
import { BACKUP_RELATION_SUFFIX, TEMP_RELATION_SUFFIX } from '../adapters/index.js';
import type { Adapter, RelationDescription } from '../adapters/index.js';
import type { KnownRelation } from '../materializations/index.js';

export class RelationCache {
  readonly #adapter: Adapter;
  readonly #schemas = new Map<string, Promise<Map<string, RelationDescription>>>();

  constructor(adapter: Adapter) {
    this.#adapter = adapter;
  }

  async get(schema: string, name: string): Promise<RelationDescription | null> {
    return (await this.#schema(schema)).get(name) ?? null;
  }

  /** The relation and the scratch relations an interrupted rebuild of it left, as materialize takes them. */
  async known(schema: string, name: string): Promise<KnownRelation> {
    const relations = await this.#schema(schema);
    // In name order, as the catalogue lists them, so they are dropped in the same order either way.
    const scratch = [name + TEMP_RELATION_SUFFIX, name + BACKUP_RELATION_SUFFIX].sort();
    return { existing: relations.get(name) ?? null, leftovers: scratch.flatMap((n) => relations.get(n) ?? []) };
  }

  /** Record what a node just built, so later nodes see it without another catalogue query. */
  async set(relation: RelationDescription): Promise<void> {
    const entry = this.#schemas.get(relation.schema);
    if (entry) (await entry).set(relation.name, relation);
  }

  /** Record that a relation is gone (a dropped leftover). */
  async delete(schema: string, name: string): Promise<void> {
    const entry = this.#schemas.get(schema);
    if (entry) (await entry).delete(name);
  }

  #schema(schema: string): Promise<Map<string, RelationDescription>> {
    let entry = this.#schemas.get(schema);
    if (!entry) {
      entry = this.#adapter.listRelations([schema]).then((list) => new Map(list.map((r) => [r.name, r])));
      this.#schemas.set(schema, entry);
    }
    return entry;
  }
}
