/** Shapes shared by the readers, the unpacker and the writer of `chatsem load`. */
import type { Readable } from 'node:stream';

/** One Rasa event as `Event.as_dict()` writes it (rasa/shared/core/events.py); any other keys are kept. */
export interface RasaEvent {
  event: string;
  timestamp: number;
  [key: string]: unknown;
}

/** An event-broker message: the event plus the conversation it belongs to. */
export type SenderEvent = RasaEvent & { sender_id: string };

export type InputFormat = 'auto' | 'jsonl' | 'json' | 'tracker' | 'botfront';

/** What a reader yields: an event with its origin, or a record that could not be read. */
export type InputItem = InputEvent | InputRejection;

export interface InputEvent {
  kind: 'event';
  sender: string;
  /** Parsed JSON object, not yet validated. */
  event: Record<string, unknown>;
  /** Where it came from, for messages and `_rejected_events.source`. */
  source: string;
  line: number;
  /** e.g. `events[12]` for an event inside a tracker; empty for one event per line. */
  detail: string;
  /**
   * Identifies the stream the event was read from (a file, or one tracker in a file). Identical events are told
   * apart by their occurrence number inside one stream, so the same stream read twice gives the same hashes.
   */
  stream: string;
  /** Explicit position in the sender's stream (SQLTrackerStore `id`); otherwise the loader counts. */
  order?: number;
  /**
   * No string in the event (keys included) needs JSON or COPY escaping: the JSON text it was parsed from has no
   * backslash, and JSON escapes quotes, backslashes and every control character. Lets the loader skip those tests.
   */
  plain?: boolean;
}

export interface InputRejection {
  kind: 'rejected';
  source: string;
  line: number;
  detail: string;
  reason: string;
  raw: string;
}

export interface LoadProgress {
  phase: 'reading' | 'merging' | 'done';
  /** Events read so far (valid or not). */
  read: number;
  rejected: number;
  /** The file being read, when reading files. */
  source?: string;
}

export interface LoadReport {
  loadId: string;
  /** `<prefix>_event`. */
  schema: string;
  /** Events read, valid or not: `read = inserted + alreadyPresent + rejected`. */
  read: number;
  /** New events written (rows in `event`). */
  inserted: number;
  /** Events whose `_record_hash` was already loaded (by an earlier load or earlier in this one). */
  alreadyPresent: number;
  /** Invalid events stored in `_rejected_events` (only with `skipInvalid`). */
  rejected: number;
  /** Rows written per raw table (`event`, `event_user`, `event_user__parse_data__entities`, …). */
  tables: Record<string, number>;
  /** False when nothing was new: then no `_loads`/`_version` row was written either. */
  recorded: boolean;
  elapsedMs: number;
}

export interface LoadEventsOptions {
  /** Files, directories (read recursively) or `-` for `stdin`. */
  inputs: string[];
  stdin?: Readable;
  prefix: string;
  format?: InputFormat;
  skipInvalid: boolean;
  onProgress?: (progress: LoadProgress) => void;
  /**
   * Parse in a worker thread: default on PostgreSQL when the inputs hold 4 MB or more (or come from stdin);
   * `false` keeps everything in this thread; `true` insists (fails when running from TypeScript sources).
   */
  worker?: boolean;
}
