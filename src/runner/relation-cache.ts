/**
 * What exists in the warehouse, read per schema on first use — only the schemas the selected nodes touch
 * (dbt introspects every schema of the project before running even one model).
 */
import type { Adapter, RelationDescription } from '../adapters/index.js';

export class RelationCache {
  readonly #adapter: Adapter;
  readonly #schemas = new Map<string, Promise<Map<string, RelationDescription>>>();

  constructor(adapter: Adapter) {
    this.#adapter = adapter;
  }

  async get(schema: string, name: string): Promise<RelationDescription | null> {
    let entry = this.#schemas.get(schema);
    if (!entry) {
      entry = this.#adapter.listRelations([schema]).then((list) => new Map(list.map((r) => [r.name, r])));
      this.#schemas.set(schema, entry);
    }
    return (await entry).get(name) ?? null;
  }

  /** Record what a node just built, so later nodes see it without another catalogue query. */
  async set(relation: RelationDescription): Promise<void> {
    const entry = this.#schemas.get(relation.schema);
    if (entry) (await entry).set(relation.name, relation);
  }
}
