/**
 * Puts a freshly built `__chatsem_tmp` relation in place of the existing one, inside the model's transaction, so
 * a crash at any point leaves the previous version. Dependent views are never cascade-dropped: their saved
 * definitions are dropped and recreated around the swap, and if one no longer compiles the whole rebuild rolls back.
 */
import type { Relation } from '../core/index.js';
import { dropDependentsSteps, recreateDependentsSteps, type DependentRelation } from './dependents.js';
import { backupRelation, tempRelation } from './relation-names.js';
import { dropSql, renameSql, type RelationKind } from './sql-fragments.js';
import { step, type Step } from './step.js';
import type { RelationDescription } from '../adapters/index.js';

export function swapSteps(
  relation: Relation,
  newKind: RelationKind,
  existing: RelationDescription | null,
  dependents: DependentRelation[],
): Step[] {
  const tmp = tempRelation(relation);
  const moveIn = step(renameSql(tmp, newKind, relation.identifier), 'move the new version into place');
  if (!existing) return [moveIn];
  const backup = backupRelation(relation);
  return [
    ...dropDependentsSteps(dependents),
    step(renameSql(relation, existing.type, backup.identifier), 'move the previous version aside'),
    moveIn,
    step(dropSql(backup, existing.type), 'drop the previous version'),
    ...recreateDependentsSteps(dependents),
  ];
}
