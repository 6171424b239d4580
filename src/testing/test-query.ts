/**
 * dbt's test wrapper (`materializations/tests/helpers.sql`): counts the failing rows of a test query and decides
 * warn/error in the same statement. Test config is read and validated here.
 */
import type { ManifestNode } from '../core/index.js';
import { ConfigError, Relation } from '../core/index.js';

export type Severity = 'error' | 'warn';

/** A `warn_if` / `error_if` condition: only an operator and a number, so config text never reaches SQL as code. */
export interface Threshold {
  operator: '=' | '!=' | '<>' | '>' | '>=' | '<' | '<=';
  value: number;
  /** As the user wrote it, for messages ("configured to fail if != 0"). */
  text: string;
}

export interface TestConfig {
  severity: Severity;
  warnIf: Threshold;
  errorIf: Threshold;
  failCalc: string;
  limit: number | null;
  storeFailures: boolean;
  storeFailuresAs: 'table' | 'view';
}

const THRESHOLD = /^\s*(==|=|!=|<>|>=|<=|>|<)\s*(-?\d+(?:\.\d+)?)\s*$/;

export function parseThreshold(text: unknown, key: string, node: ManifestNode): Threshold {
  // A bare number (`warn_if: 10`) is rejected rather than guessed (`= 10`? `>= 10`?).
  const match = typeof text === 'string' ? THRESHOLD.exec(text) : null;
  if (!match) {
    throw new ConfigError(
      `${key} of test ${node.name} is ${JSON.stringify(text)}: expected a comparison with a number such as "!= 0", ">10" or ">= 5"`,
      node.location,
      `Write ${key}: ">10" (one of = != <> > >= < <= followed by a number).`,
    );
  }
  const operator = (match[1] === '==' ? '=' : match[1]) as Threshold['operator'];
  return { operator, value: Number(match[2]), text: String(text).trim() };
}

/** Reads the test config dbt defines (severity, warn_if, error_if, fail_calc, limit, store_failures[_as]). */
export function readTestConfig(node: ManifestNode, options: { storeFailures?: boolean } = {}): TestConfig {
  const config = node.config;
  const severityText = String(config.severity ?? 'error').toLowerCase();
  if (severityText !== 'error' && severityText !== 'warn') {
    throw new ConfigError(
      `severity of test ${node.name} is ${JSON.stringify(config.severity)}: expected warn or error`,
      node.location,
    );
  }
  const limit = config.limit ?? null;
  if (limit !== null && !(typeof limit === 'number' && Number.isInteger(limit) && limit >= 0)) {
    throw new ConfigError(`limit of test ${node.name} is ${JSON.stringify(limit)}: expected a whole number`, node.location);
  }
  const failCalc = config.fail_calc ?? 'count(*)';
  if (typeof failCalc !== 'string' || failCalc.trim() === '' || failCalc.includes(';')) {
    throw new ConfigError(`fail_calc of test ${node.name} must be a SQL expression such as "count(*)"`, node.location);
  }
  const storeAs = config.store_failures_as ?? null;
  if (storeAs !== null && storeAs !== 'table' && storeAs !== 'view' && storeAs !== 'ephemeral') {
    throw new ConfigError(
      `store_failures_as of test ${node.name} is ${JSON.stringify(storeAs)}: expected table, view or ephemeral`,
      node.location,
    );
  }
  // dbt: store_failures_as wins over store_failures; `ephemeral` means "do not store".
  const storeFailures =
    storeAs === null ? Boolean(config.store_failures ?? options.storeFailures ?? false) : storeAs !== 'ephemeral';
  return {
    severity: severityText,
    warnIf: parseThreshold(config.warn_if ?? '!= 0', 'warn_if', node),
    errorIf: parseThreshold(config.error_if ?? '!= 0', 'error_if', node),
    failCalc,
    limit: limit as number | null,
    storeFailures,
    storeFailuresAs: storeAs === 'view' ? 'view' : 'table',
  };
}

/** Every config problem of a test node, for validating a whole manifest before running anything. */
export function validateTestConfig(node: ManifestNode): ConfigError[] {
  try {
    readTestConfig(node);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [error];
    throw error;
  }
}

function condition(t: Threshold): string {
  return `${t.operator} ${t.value}`;
}

/** `select <fail_calc> as failures, … as should_warn, … as should_error from (<sql> [limit n]) dbt_internal_test`. */
export function wrapTestQuery(sql: string, config: TestConfig): string {
  const body = config.limit === null ? stripTrailingSemicolon(sql) : `${stripTrailingSemicolon(sql)}\nlimit ${config.limit}`;
  return [
    'select',
    `    ${config.failCalc} as failures,`,
    `    ${config.failCalc} ${condition(config.warnIf)} as should_warn,`,
    `    ${config.failCalc} ${condition(config.errorIf)} as should_error`,
    'from (',
    body,
    ') dbt_internal_test',
  ].join('\n');
}

export function stripTrailingSemicolon(sql: string): string {
  return sql.replace(/;\s*$/, '').trimEnd();
}

/**
 * The `where` test config, done as dbt does (`get_where_subquery`): the compiler passes
 * `model = whereSubquery(relation, node.config.where)` to the test macro, so `{{ model }}` renders
 * `(select * from "s"."t" where …) dbt_subquery` while `model.schema`/`model.identifier` still name the table
 * (the catalogue expectations need them).
 */
export class WhereSubquery extends Relation {
  readonly where: string;
  constructor(relation: Relation, where: string) {
    super({ database: relation.database, schema: relation.schema, identifier: relation.identifier, type: relation.type });
    this.where = where;
  }
  override render(): string {
    return `(select * from ${super.render()} where ${this.where}) dbt_subquery`;
  }
}

export function whereSubquery(relation: Relation, where: unknown): Relation {
  if (where === null || where === undefined || (typeof where === 'string' && where.trim() === '')) return relation;
  return new WhereSubquery(relation, String(where));
}
