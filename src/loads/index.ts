/**
 * The `_loads` lifecycle as an engine feature: pending loads computed once per run, marked processed only after
 * the whole run succeeded, and a lock so two runs never process the same loads.
 */
export { beginLoadsRun } from './loads-run.js';
export type { LoadsRun, LoadsRunOptions } from './loads-run.js';
