/**
 * ingest: raw Rasa events into `<prefix>_event` (`chatsem load`). Reads tracker dumps, event-broker JSON Lines,
 * JSON arrays, Botfront documents, gzip, directories, stdin and a Rasa SQLTrackerStore; unpacks events into
 * dlt's layout (`event`, `event_<type>`, child tables for lists, `_loads`, `_version`, `_rejected_events`);
 * writes each load in one transaction with COPY, idempotently by `_record_hash`; big loads into PostgreSQL parse
 * in a worker thread (load-worker.ts). Also the ingest benchmark.
 */
export { loadEvents } from './load-events.js';
export { loadEventStream, type LoadEventStreamOptions } from './load-event-stream.js';
export { loadFromTrackerStore, type TrackerStoreOptions, type TrackerStoreReport, TRACKER_STATE_TABLE } from './tracker-store.js';
export type { RasaEvent, SenderEvent, InputFormat, LoadEventsOptions, LoadProgress, LoadReport } from './load-types.js';
export { rawSchemaName, MAX_PREFIX_BYTES } from './raw-schema-name.js';
export { snakeCase, eventTableName } from './naming.js';
export { ENGINE_VERSION } from './raw-schema.js';
export { runIngestBench, type IngestBenchOptions, type IngestBenchResult, type BenchTiming } from './ingest-bench.js';
