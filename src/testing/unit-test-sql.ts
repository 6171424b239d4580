/**
 * Builds the SQL of a unit test: the model's compiled SQL with each `ref()`/`source()` it reads replaced by a
 * CTE of the given rows, so no real table is read or written.
 *
 * The substitution is done on the compiled SQL: every dependency renders as its quoted relation name
 * (`"schema"."alias"`, the manifest's `relation_name`), which is replaced by the quoted CTE name. This needs
 * nothing from the compiler beyond the compiled SQL; a runner that renders the model again (unit test
 * `overrides`, run-time macros) passes that SQL as `modelSql`.
 */
import type { GraphMember, Manifest, ManifestNode, UnitTestInput } from '../core/index.js';
import { ChatsemError, quoteIdentifier } from '../core/index.js';
import { memberOf } from './member-of.js';
import { stripTrailingSemicolon } from './test-query.js';
import type { FixtureColumn } from './unit-test-fixtures.js';
import { fixtureRows, rowColumns, rowsToSql } from './unit-test-fixtures.js';

export interface UnitTestSqlOptions {
  manifest: Pick<Manifest, 'nodes' | 'sources'>;
  /** The model's SQL; default its `compiled_code`. */
  modelSql?: string;
  /** Catalogue columns of an input relation (in table order), when it exists in the warehouse. */
  catalogueColumns?: (member: GraphMember) => FixtureColumn[] | undefined;
}

export interface ResolvedInput {
  input: UnitTestInput;
  member: GraphMember;
  cte: string;
}

export interface UnitTestSql {
  /** The model's query over the given rows. */
  actualSql: string;
  /** The expected rows with inferred types (runUnitTest re-types them from the model's output columns). */
  expectedSql: string;
  inputs: ResolvedInput[];
}

function label(node: ManifestNode): string {
  return `unit test ${node.name} of model ${node.unit_test?.model ?? '?'}`;
}

/** `ref('x')`, `ref("pkg", "x")`, `source('a', 'b')` or `this` → the manifest member it names. */
export function resolveInput(text: string, model: ManifestNode, manifest: Pick<Manifest, 'nodes' | 'sources'>): GraphMember | null {
  const trimmed = text.trim();
  if (trimmed === 'this') return model;
  const args = (inner: string): string[] | null => {
    const parts = inner.split(',').map((p) => p.trim());
    return parts.every((p) => /^(['"]).*\1$/.test(p)) ? parts.map((p) => p.slice(1, -1)) : null;
  };
  const ref = /^ref\s*\((.*)\)$/s.exec(trimmed);
  if (ref) {
    const a = args(ref[1]!);
    if (!a || a.length < 1 || a.length > 2) return null;
    const [pkg, name] = a.length === 2 ? [a[0]!, a[1]!] : [null, a[0]!];
    return (
      Object.values(manifest.nodes).find(
        (n) => n.name === name && ['model', 'seed', 'snapshot'].includes(n.resource_type) && (pkg === null || n.package_name === pkg),
      ) ?? null
    );
  }
  const source = /^source\s*\((.*)\)$/s.exec(trimmed);
  if (source) {
    const a = args(source[1]!);
    if (!a || a.length !== 2) return null;
    return Object.values(manifest.sources).find((s) => s.source_name === a[0] && s.name === a[1]) ?? null;
  }
  return null;
}

function declaredColumns(member: GraphMember): FixtureColumn[] {
  return Object.values(member.columns).map((c) => ({ name: c.name, type: c.data_type }));
}

/** Columns of a given input: catalogue/YAML columns first (YAML types win), then any other column of the rows. */
function inputColumns(member: GraphMember, rows: Record<string, unknown>[], options: UnitTestSqlOptions): FixtureColumn[] {
  const declared = new Map(declaredColumns(member).map((c) => [c.name.toLowerCase(), c]));
  const known = options.catalogueColumns?.(member) ?? declaredColumns(member);
  const columns = known.map((c) => ({ name: c.name, type: declared.get(c.name.toLowerCase())?.type ?? c.type }));
  const names = new Set(columns.map((c) => c.name.toLowerCase()));
  for (const name of rowColumns(rows)) {
    if (!names.has(name.toLowerCase())) columns.push({ name, type: declared.get(name.toLowerCase())?.type ?? null });
  }
  // Row keys are matched case-insensitively to catalogue columns, as unquoted SQL identifiers are.
  return columns.map((c) => ({ ...c, name: rowColumns(rows).find((k) => k.toLowerCase() === c.name.toLowerCase()) ?? c.name }));
}

function fixtureSql(input: UnitTestInput, columns: (rows: Record<string, unknown>[]) => FixtureColumn[], what: string): string {
  if (input.format === 'sql') {
    if (!input.text?.trim()) throw new ChatsemError(`${what}: format sql needs the query in rows:`, { exitCode: 2 });
    return stripTrailingSemicolon(input.text);
  }
  const rows = fixtureRows(input, what);
  return rowsToSql(rows, columns(rows), what);
}

function cteName(member: GraphMember, used: Set<string>): string {
  const base = `__unit_input_${(member.resource_type === 'source' ? `${member.source_name}_${member.name}` : member.name).replace(/[^A-Za-z0-9_]/g, '_')}`.slice(0, 60);
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base.slice(0, 57)}_${i}`;
  used.add(name);
  return name;
}

export function buildUnitTestSql(node: ManifestNode, model: ManifestNode, options: UnitTestSqlOptions): UnitTestSql {
  const spec = node.unit_test;
  if (!spec) throw new ChatsemError(`${node.unique_id} is not a unit test`, { exitCode: 2 });
  const what = label(node);
  const errorAt = (message: string, hint?: string) => new ChatsemError(`${what}: ${message}`, { location: node.location, node: node.unique_id, hint, exitCode: 2 });
  const modelSql = options.modelSql ?? model.compiled_code;
  if (modelSql === null || modelSql === undefined) throw errorAt(`model ${model.name} has no compiled SQL`);

  const used = new Set<string>();
  const inputs: ResolvedInput[] = [];
  for (const input of spec.given) {
    const member = resolveInput(input.input, model, options.manifest);
    if (!member) throw errorAt(`given input ${input.input} names no model, seed, snapshot or source`, "Write it as ref('name') or source('source_name', 'table_name').");
    if (member !== model && !model.depends_on.nodes.includes(member.unique_id)) {
      throw errorAt(`given input ${input.input} is not read by model ${model.name}`, `Its inputs are: ${model.depends_on.nodes.join(', ') || 'none'}.`);
    }
    if (member.resource_type !== 'source' && member.relation_name === null) {
      throw errorAt(`given input ${input.input} is ephemeral`, 'Give the inputs of the ephemeral model instead; its SQL runs inside the model under test.');
    }
    inputs.push({ input, member, cte: cteName(member, used) });
  }
  for (const id of model.depends_on.nodes) {
    const member = memberOf(options.manifest, id);
    if (!member || (member.resource_type !== 'source' && member.relation_name === null)) continue;
    if (!inputs.some((i) => i.member.unique_id === id)) {
      const call = member.resource_type === 'source' ? `source('${member.source_name}', '${member.name}')` : `ref('${member.name}')`;
      throw errorAt(`model ${model.name} reads ${call}, which has no given input`, `Add \`- input: ${call}\` with its rows (rows: [] for none) under given:.`);
    }
  }

  let sql = stripTrailingSemicolon(modelSql);
  const ctes: string[] = [];
  for (const { input, member, cte } of inputs) {
    const inputWhat = `${what}, given input ${input.input}`;
    ctes.push(`${quoteIdentifier(cte)} as (\n${fixtureSql(input, (rows) => inputColumns(member, rows, options), inputWhat)}\n)`);
    sql = sql.split(member.relation_name!).join(quoteIdentifier(cte));
  }
  const actualSql = `${ctes.length ? `with ${ctes.join(',\n')}\n` : ''}select * from (\n${sql}\n) as __unit_model`;
  // `expect: {rows: []}` means "the model returns no rows": a zero-column, zero-row query.
  const expectedSql =
    spec.expect.format !== 'sql' && fixtureRows(spec.expect, `${what}, expect`).length === 0
      ? 'select where false'
      : fixtureSql(spec.expect, (rows) => rowColumns(rows).map((name) => ({ name, type: null })), `${what}, expect`);
  return { actualSql, expectedSql, inputs };
}
