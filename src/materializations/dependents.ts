/**
 * Views and materialized views built on top of a relation. PostgreSQL ties them to the relation's oid, so a
 * rename-swap leaves them pointing at the old (backup) relation and dropping it would need `cascade`. chatsem
 * saves their definitions, drops them, swaps, and recreates them in the same transaction instead.
 */
import { quoteLiteral, Relation } from '../core/index.js';
import { kindKeyword, dropSql, type RelationKind } from './sql-fragments.js';
import { step, type Step } from './step.js';

export interface DependentGrant {
  /** Already quoted role name, or `PUBLIC`. */
  grantee: string;
  privilege: string;
  grantable: boolean;
}

export interface DependentRelation {
  schema: string;
  name: string;
  type: Extract<RelationKind, 'view' | 'materialized_view'>;
  /** Longest dependency path from the rebuilt relation: recreate in ascending, drop in descending order. */
  depth: number;
  /** `pg_get_viewdef` text, captured with an empty search path so every name in it is schema-qualified. */
  definition: string;
  /** `reloptions`, e.g. `check_option=local`. */
  options: string[];
  comment: string | null;
  grants: DependentGrant[];
  /** `pg_get_indexdef` of a materialized view's indexes. */
  indexes: string[];
}

function relationOf(dependent: DependentRelation): Relation {
  return new Relation({ schema: dependent.schema, identifier: dependent.name });
}

export function dropDependentsSteps(dependents: DependentRelation[]): Step[] {
  return [...dependents]
    .sort((a, b) => b.depth - a.depth)
    .map((d) => step(dropSql(relationOf(d), d.type), `drop dependent ${kindKeyword(d.type)} ${relationOf(d)} (recreated below)`));
}

export function recreateDependentsSteps(dependents: DependentRelation[]): Step[] {
  const steps: Step[] = [];
  for (const d of [...dependents].sort((a, b) => a.depth - b.depth)) {
    const relation = relationOf(d);
    const keyword = kindKeyword(d.type);
    const options = d.options.length > 0 ? ` with (${d.options.join(', ')})` : '';
    const definition = d.definition.trim().replace(/;$/, '');
    steps.push(step(`create ${keyword} ${relation}${options} as\n${definition}`, `recreate dependent ${keyword} ${relation}`, { dependent: relation.render() }));
    for (const index of d.indexes) steps.push(step(index, `recreate index of ${relation}`));
    if (d.comment !== null) steps.push(step(`comment on ${keyword} ${relation} is ${quoteLiteral(d.comment)}`, `restore comment of ${relation}`));
    for (const grant of d.grants) {
      const option = grant.grantable ? ' with grant option' : '';
      steps.push(step(`grant ${grant.privilege.toLowerCase()} on ${relation} to ${grant.grantee}${option}`, `restore grant on ${relation}`));
    }
  }
  return steps;
}

/** Catalogue query for the dependents of `$1` (a quoted relation name). */
export const DEPENDENTS_QUERY = `
with recursive dependents(oid, depth) as (
  select r.ev_class, 1
  from pg_catalog.pg_depend d
  join pg_catalog.pg_rewrite r on r.oid = d.objid
  where d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
    and d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
    and d.refobjid = $1::text::pg_catalog.regclass
    and r.ev_class <> d.refobjid
  -- UNION, not UNION ALL: pg_depend has a row per referenced column, so a chain of views would otherwise be
  -- walked once per path (exponential in the chain length); deduplicating (oid, depth) keeps it linear.
  union
  select r.ev_class, dependents.depth + 1
  from dependents
  join pg_catalog.pg_depend d on d.refobjid = dependents.oid
    and d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
    and d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
  join pg_catalog.pg_rewrite r on r.oid = d.objid
  where r.ev_class <> d.refobjid
)
select n.nspname as schema, c.relname as name, c.relkind::text as kind, max(dependents.depth)::int as depth,
  pg_catalog.pg_get_viewdef(c.oid) as definition,
  coalesce(c.reloptions, '{}') as options,
  pg_catalog.obj_description(c.oid, 'pg_class') as comment,
  coalesce((select pg_catalog.json_agg(pg_catalog.json_build_object(
      'grantee', case when a.grantee = 0 then 'PUBLIC' else pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(a.grantee)) end,
      'privilege', a.privilege_type, 'grantable', a.is_grantable))
    from pg_catalog.aclexplode(c.relacl) a where a.grantee <> c.relowner), '[]') as grants,
  coalesce((select pg_catalog.json_agg(pg_catalog.pg_get_indexdef(i.indexrelid))
    from pg_catalog.pg_index i where i.indrelid = c.oid), '[]') as indexes
from dependents
join pg_catalog.pg_class c on c.oid = dependents.oid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
group by c.oid, n.nspname, c.relname, c.relkind
order by depth, schema, name`;
