/**
 * Materializations: how a model becomes a relation in the warehouse (view, table, incremental, ephemeral,
 * materialized view) and where its hooks run. Pure planners turn a node plus what the catalogue says into SQL
 * steps (golden-tested); `materialize` inspects the catalogue, plans, and runs the steps in one transaction (a
 * view over an existing view is first replaced in place in one round trip, without inspecting). Rebuilds never
 * cascade-drop dependent views. Seeds are loaded by `seed*.ts` in this folder; snapshots (SCD type 2 history tables)
 * are planned and run by `snapshot*.ts`.
 */
export { materialize, randomSuffix } from './materialize.js';
export type { MaterializeInput, MaterializeResult } from './materialize.js';
export type { KnownRelation } from './replace-view-optimistically.js';
export { isIncrementalRun, isRunnable, shouldFullRefresh } from './is-incremental-run.js';
export { planMaterialization } from './plan-materialization.js';
export type { PlanContext } from './plan-context.js';
export { executeSteps } from './execute-steps.js';
export { inspectWarehouse } from './inspect-warehouse.js';
export type { WarehouseState } from './inspect-warehouse.js';
export { formatResponse, renderSteps } from './step.js';
export type { Step, StepResponse } from './step.js';
export {
  readMaterializationConfig,
  INCREMENTAL_STRATEGIES,
  ON_SCHEMA_CHANGE_MODES,
  SUPPORTED_MATERIALIZATIONS,
} from './materialization-config.js';
export type { MaterializationConfig, IncrementalStrategy, OnSchemaChange, IndexConfig } from './materialization-config.js';
export { checkRelationNames } from './relation-names.js';
export type { DependentRelation } from './dependents.js';
export { diffColumns } from './schema-changes.js';
export type { SchemaDiff } from './schema-changes.js';
export { loadSeed } from './seed.js';
export type { LoadSeedInput, SeedConfig, SeedResult } from './seed-types.js';
export { snapshot } from './snapshot.js';
export type { SnapshotInput } from './snapshot.js';
export { planSnapshot, SNAPSHOT_TIME_SQL } from './snapshot-plan.js';
export type { SnapshotPlanContext } from './snapshot-plan.js';
export { readSnapshotConfig, HARD_DELETE_MODES, SNAPSHOT_STRATEGIES } from './snapshot-config.js';
export type { SnapshotConfig, HardDeletes, SnapshotStrategy, SnapshotMetaColumns } from './snapshot-config.js';
