/**
 * Enough of Python's `datetime` module for dbt templates: `run_started_at.strftime(...)`,
 * `modules.datetime.datetime.now()`, `date`, `timedelta`. All values are UTC.
 */

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

function kwargs(args: unknown[]): { positional: unknown[]; named: Record<string, unknown> } {
  const last = args[args.length - 1] as Record<string, unknown> | undefined;
  if (last && typeof last === 'object' && '__keywords' in last) return { positional: args.slice(0, -1), named: last };
  return { positional: args, named: {} };
}

export class PyTimedelta {
  readonly milliseconds: number;
  constructor(milliseconds: number) {
    this.milliseconds = milliseconds;
  }
  get days(): number {
    return Math.floor(this.milliseconds / 86_400_000);
  }
  get seconds(): number {
    return Math.floor((this.milliseconds - this.days * 86_400_000) / 1000);
  }
  total_seconds(): number {
    return this.milliseconds / 1000;
  }
  toString(): string {
    const days = this.days;
    const rest = this.milliseconds - days * 86_400_000;
    const clock = `${Math.floor(rest / 3_600_000)}:${pad(Math.floor(rest / 60_000) % 60)}:${pad(Math.floor(rest / 1000) % 60)}`;
    return days === 0 ? clock : `${days} day${Math.abs(days) === 1 ? '' : 's'}, ${clock}`;
  }
}

export function timedelta(...args: unknown[]): PyTimedelta {
  const { positional, named } = kwargs(args);
  const get = (name: string, index: number): number => Number(named[name] ?? positional[index] ?? 0);
  const ms =
    get('days', 0) * 86_400_000 + get('seconds', 1) * 1000 + get('microseconds', 2) / 1000 + get('milliseconds', 3) +
    get('minutes', 4) * 60_000 + get('hours', 5) * 3_600_000 + get('weeks', 6) * 604_800_000;
  return new PyTimedelta(ms);
}

export class PyDateTime {
  constructor(
    readonly date_: Date,
    readonly isDateOnly = false,
    readonly tzAware = true,
  ) {}
  get year(): number {
    return this.date_.getUTCFullYear();
  }
  get month(): number {
    return this.date_.getUTCMonth() + 1;
  }
  get day(): number {
    return this.date_.getUTCDate();
  }
  get hour(): number {
    return this.date_.getUTCHours();
  }
  get minute(): number {
    return this.date_.getUTCMinutes();
  }
  get second(): number {
    return this.date_.getUTCSeconds();
  }
  get microsecond(): number {
    return this.date_.getUTCMilliseconds() * 1000;
  }
  strftime(format: string): string {
    const d = this.date_;
    const hours12 = d.getUTCHours() % 12 === 0 ? 12 : d.getUTCHours() % 12;
    const start = Date.UTC(d.getUTCFullYear(), 0, 1);
    const dayOfYear = Math.floor((d.getTime() - start) / 86_400_000) + 1;
    const codes: Record<string, string> = {
      Y: String(d.getUTCFullYear()), y: pad(d.getUTCFullYear() % 100), m: pad(d.getUTCMonth() + 1), d: pad(d.getUTCDate()),
      H: pad(d.getUTCHours()), I: pad(hours12), M: pad(d.getUTCMinutes()), S: pad(d.getUTCSeconds()),
      f: pad(d.getUTCMilliseconds() * 1000, 6), j: pad(dayOfYear, 3), a: DAY_NAMES[d.getUTCDay()]!.slice(0, 3),
      A: DAY_NAMES[d.getUTCDay()]!, b: MONTH_NAMES[d.getUTCMonth()]!.slice(0, 3), B: MONTH_NAMES[d.getUTCMonth()]!,
      p: d.getUTCHours() < 12 ? 'AM' : 'PM', z: this.tzAware ? '+0000' : '', Z: this.tzAware ? 'UTC' : '', w: String(d.getUTCDay()),
      s: String(Math.floor(d.getTime() / 1000)), '%': '%',
    };
    return format.replace(/%([a-zA-Z%])/g, (whole, code: string) => codes[code] ?? whole);
  }
  isoformat(sep = 'T'): string {
    if (this.isDateOnly) return this.strftime('%Y-%m-%d');
    return this.strftime(`%Y-%m-%d${sep}%H:%M:%S.%f`) + (this.tzAware ? '+00:00' : '');
  }
  date(): PyDateTime {
    return new PyDateTime(new Date(Date.UTC(this.year, this.month - 1, this.day)), true, false);
  }
  timestamp(): number {
    return this.date_.getTime() / 1000;
  }
  weekday(): number {
    return (this.date_.getUTCDay() + 6) % 7;
  }
  add(delta: PyTimedelta): PyDateTime {
    return new PyDateTime(new Date(this.date_.getTime() + delta.milliseconds), this.isDateOnly, this.tzAware);
  }
  subtract(delta: PyTimedelta | PyDateTime): PyDateTime | PyTimedelta {
    if (delta instanceof PyDateTime) return new PyTimedelta(this.date_.getTime() - delta.date_.getTime());
    return new PyDateTime(new Date(this.date_.getTime() - delta.milliseconds), this.isDateOnly, this.tzAware);
  }
  replace(...args: unknown[]): PyDateTime {
    const { named } = kwargs(args);
    const n = (key: string, fallback: number): number => (named[key] === undefined ? fallback : Number(named[key]));
    const d = new Date(Date.UTC(n('year', this.year), n('month', this.month) - 1, n('day', this.day), n('hour', this.hour), n('minute', this.minute), n('second', this.second), n('microsecond', this.microsecond) / 1000));
    return new PyDateTime(d, this.isDateOnly, this.tzAware);
  }
  toString(): string {
    return this.isDateOnly ? this.isoformat() : this.isoformat(' ');
  }
  toJSON(): string {
    return this.isoformat();
  }
}

function construct(args: unknown[], dateOnly: boolean): PyDateTime {
  const { positional, named } = kwargs(args);
  const names = ['year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond'];
  const part = (i: number, fallback: number): number => Number(named[names[i]!] ?? positional[i] ?? fallback);
  const d = new Date(Date.UTC(part(0, 1970), part(1, 1) - 1, part(2, 1), part(3, 0), part(4, 0), part(5, 0), part(6, 0) / 1000));
  return new PyDateTime(d, dateOnly, false);
}

/** `modules.datetime`: the module, with `datetime`, `date` and `timedelta` as callables carrying class methods. */
export function datetimeModule(): Record<string, unknown> {
  const datetime = Object.assign((...args: unknown[]) => construct(args, false), {
    now: () => new PyDateTime(new Date(), false, false),
    utcnow: () => new PyDateTime(new Date(), false, false),
    fromisoformat: (text: string) => new PyDateTime(new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`), false, /[zZ]|[+-]\d\d:?\d\d$/.test(text)),
    fromtimestamp: (seconds: number) => new PyDateTime(new Date(seconds * 1000), false, false),
  });
  const date = Object.assign((...args: unknown[]) => construct(args, true), {
    today: () => new PyDateTime(new Date(), false, false).date(),
    fromisoformat: (text: string) => new PyDateTime(new Date(`${text.slice(0, 10)}T00:00:00Z`), true, false),
  });
  return { datetime, date, timedelta, timezone: { utc: 'UTC' } };
}
