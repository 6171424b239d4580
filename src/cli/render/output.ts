/**
 * The only place chatsem writes to the terminal. Text lines follow dbt's format (`HH:MM:SS  message`, progress lines
 * padded with dots to 80 columns); `--log-format json` prints one JSON object per line instead. Every line, and
 * every statement sent to the warehouse, also goes to logs/chatsem.log.
 */
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { Chalk, type ChalkInstance } from 'chalk';

export type LogFormat = 'text' | 'json';

export interface OutputOptions {
  format: LogFormat;
  color: boolean;
  quiet: boolean;
  logFile: string | null;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

const LOG_FILE_MAX_BYTES = 10 * 1024 * 1024;
export const PRINTER_WIDTH = 80;

export class Output {
  chalk: ChalkInstance;
  format: LogFormat;
  quiet: boolean;
  #logFile: string | null;
  #stdout: NodeJS.WritableStream;
  #stderr: NodeJS.WritableStream;
  #logBuffer: string[] = [];
  /** The progress status line currently drawn at the bottom of the terminal, if any. */
  #status: string | null = null;

  constructor(options: OutputOptions) {
    this.chalk = new Chalk({ level: options.color ? 1 : 0 });
    this.format = options.format;
    this.quiet = options.quiet;
    this.#logFile = options.logFile;
    this.#stdout = options.stdout ?? process.stdout;
    this.#stderr = options.stderr ?? process.stderr;
  }

  /** Apply the command's own flags (--no-color, --log-format, --quiet) once commander has parsed them. */
  configure(options: { color: boolean; logFormat: LogFormat; quiet: boolean }): void {
    this.chalk = new Chalk({ level: options.color ? 1 : 0 });
    this.format = options.logFormat;
    this.quiet = options.quiet;
  }

  /** Route the debug log to a file once the project (and so logs/) is known. */
  setLogFile(path: string | null): void {
    this.#logFile = path;
    this.flushLog();
  }

  /** An info line: `HH:MM:SS  message` (dbt's create_info_line). */
  line(message = '', data: Record<string, unknown> = {}, level: 'info' | 'warn' | 'error' = 'info'): void {
    const stamp = timestamp();
    if (this.format === 'json') {
      this.#write(level === 'error' ? this.#stderr : this.#stdout, JSON.stringify({ ts: new Date().toISOString(), level, msg: stripAnsi(message), ...data }) + '\n');
    } else if (!this.quiet || level !== 'info') {
      this.#write(level === 'error' ? this.#stderr : this.#stdout, `${stamp}  ${message}\n`);
    }
    this.log(`${level.toUpperCase()} ${stripAnsi(message)}`);
  }

  /** Raw text to stdout (compiled SQL of `compile`, `ls` output, `show` tables): no timestamp. */
  print(text: string): void {
    this.#write(this.#stdout, text.endsWith('\n') ? text : text + '\n');
  }

  error(message: string): void {
    if (this.format === 'json') this.#write(this.#stderr, JSON.stringify({ ts: new Date().toISOString(), level: 'error', msg: stripAnsi(message) }) + '\n');
    else this.#write(this.#stderr, `${timestamp()}  ${this.chalk.red(message)}\n`);
    this.log(`ERROR ${stripAnsi(message)}`);
  }

  /** Debug log only (every SQL statement, connection details without secrets). */
  log(message: string): void {
    this.#logBuffer.push(`${new Date().toISOString()} ${message}\n`);
    if (this.#logBuffer.length > 200) this.flushLog();
  }

  flushLog(): void {
    if (!this.#logFile || this.#logBuffer.length === 0) return;
    try {
      mkdirSync(dirname(this.#logFile), { recursive: true });
      rotateIfLarge(this.#logFile);
      appendFileSync(this.#logFile, this.#logBuffer.join(''));
      this.#logBuffer = [];
    } catch {
      // A read-only project directory must not break the command; the console output is still complete.
      this.#logBuffer = [];
    }
  }

  /** A progress bar is drawn only on an interactive terminal with the text format (never in pipes or logs). */
  get progressEnabled(): boolean {
    return this.format === 'text' && !this.quiet && Boolean((this.#stdout as { isTTY?: boolean }).isTTY);
  }

  /** Terminal width for the status line. */
  get columns(): number {
    // A pseudo-terminal without a size (CI runners, `script`) reports 0 columns.
    const columns = (this.#stdout as { columns?: number }).columns ?? 0;
    return columns > 0 ? columns : PRINTER_WIDTH;
  }

  /** Draw (or with null, erase) the status line in place; regular lines are printed above it. */
  status(line: string | null): void {
    if (!this.progressEnabled) return;
    if (this.#status !== null) this.#stdout.write('\r\u001b[K');
    this.#status = line;
    if (line !== null) this.#stdout.write(line);
  }

  #write(stream: NodeJS.WritableStream, text: string): void {
    if (this.#status === null) {
      stream.write(text);
      return;
    }
    this.#stdout.write('\r\u001b[K');
    stream.write(text);
    this.#stdout.write(this.#status);
  }
}

/** dbt's format_fancy_output_line: "{i} of {n} {msg} " padded with dots, then " [STATUS]". */
export function progressLine(index: number, total: number, message: string, status: string, statusWidth = 0): string {
  const prefix = `${index} of ${total} ${message} `;
  const visible = stripAnsi(prefix).length;
  const dots = '.'.repeat(Math.max(3, PRINTER_WIDTH - visible - statusWidth));
  return `${prefix}${dots} [${status}]`;
}

export function timestamp(date = new Date()): string {
  return date.toISOString().slice(11, 19);
}

export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

function rotateIfLarge(path: string): void {
  try {
    if (statSync(path).size > LOG_FILE_MAX_BYTES) renameSync(path, `${path}.1`);
  } catch {
    /* no file yet */
  }
}
