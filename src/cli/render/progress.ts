/**
 * The progress bar of long runs: one status line at the bottom of a TTY, redrawn in place with `\r`, showing
 * `done/total`, a bar and the nodes running now. Only on an interactive terminal with the text format; it is never
 * written to logs/chatsem.log or to a pipe (CI logs and `--log-format json` stay line-oriented).
 */

export interface ProgressState {
  done: number;
  total: number;
  /** Names of the nodes in flight, in start order. */
  running: string[];
  /** Seconds since the run started. */
  elapsedSeconds: number;
}

const BAR_WIDTH = 20;

/** The status line for `state`, at most `columns` characters (the terminal width). */
export function renderProgress(state: ProgressState, columns = 80): string {
  const total = Math.max(state.total, 0);
  const done = Math.min(Math.max(state.done, 0), total);
  const filled = total === 0 ? BAR_WIDTH : Math.round((done / total) * BAR_WIDTH);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
  const head = `${bar} ${done}/${total} ${formatElapsed(state.elapsedSeconds)}`;
  if (state.running.length === 0) return clip(head, columns);
  const names = state.running.join(', ');
  return clip(`${head} running: ${names}`, columns);
}

function formatElapsed(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

function clip(text: string, columns: number): string {
  // One column is left free: writing the last column makes some terminals wrap, which breaks the `\r` redraw.
  const width = Math.max(10, columns - 1);
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/** Tracks the run and redraws through `draw` (Output.status); a no-op when `draw` is null. */
export class ProgressTracker {
  readonly #draw: ((line: string | null) => void) | null;
  readonly #columns: () => number;
  readonly #started = Date.now();
  #done = 0;
  #total = 0;
  #running: string[] = [];

  constructor(draw: ((line: string | null) => void) | null, columns: () => number = () => 80) {
    this.#draw = draw;
    this.#columns = columns;
  }

  start(name: string, total: number): void {
    this.#total = total;
    this.#running.push(name);
    this.#redraw();
  }

  finish(name: string, total: number): void {
    this.#total = total;
    this.#done += 1;
    this.#running = this.#running.filter((n) => n !== name);
    this.#redraw();
  }

  /** Remove the status line (end of run). */
  clear(): void {
    this.#draw?.(null);
  }

  #redraw(): void {
    if (!this.#draw) return;
    if (this.#done >= this.#total && this.#running.length === 0) return this.#draw(null);
    this.#draw(renderProgress({ done: this.#done, total: this.#total, running: this.#running, elapsedSeconds: (Date.now() - this.#started) / 1000 }, this.#columns()));
  }
}
