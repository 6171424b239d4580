/**
 * The project DAG and dbt's node selection: `buildGraph` turns a Manifest's `depends_on` into a graph, `findCycles`
 * reports every dependency cycle with its chain, `selectNodes` implements `--select/--exclude/--resource-type/
 * --indirect-selection` exactly as dbt, `executionLevels` orders a selection into parallel waves, and
 * `parentMap`/`childMap` produce the manifest's maps. Imports only core and @dagrejs/graphlib.
 */
export { ProjectGraph, buildGraph, isEnabled } from './project-graph.js';
export { CycleError, findCycles, assertAcyclic } from './find-cycles.js';
export { parentMap, childMap, nodeMaps } from './node-maps.js';
export { selectNodes, parseSelectors } from './select-nodes.js';
export type { SelectOptions, IndirectSelection, SelectableResourceType } from './select-nodes.js';
export { parseSelectionCriteria, SELECTOR_METHODS } from './selector-spec.js';
export type { SelectionCriteria, SelectorMethodName } from './selector-spec.js';
export { executionLevels } from './execution-levels.js';
export { fnmatch, pathGlobMatch } from './glob.js';
