/**
 * Issue 7, the package's date dimension on PGlite and PostgreSQL: dim_date (built with the date_spine macro and the
 * holidays seed) checked day by day against a calendar computed here in TypeScript — ISO weekday, week and year
 * (53-week years included), names, weekend and holiday flags, and the financial calendar for fiscal years starting
 * in July (the default) and in January — plus the vars that shape it.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter, IN_MEMORY_PATH, type Adapter } from '../../src/adapters/index.js';
import { makeTempDir, postgresReachable, postgresTestUrl, uniqueName } from '../../src/test-support/databases.js';
import { pgliteProfile, postgresProfile, repoRoot } from '../cli.js';
import { runMain } from '../engine/harness.js';

const postgresUp = await postgresReachable();
const scratch = makeTempDir('chatsem-e2e-dim-date-');
afterAll(() => scratch.remove());

/** Days around year ends (ISO weeks 52/53/1), fiscal-year boundaries, a leap day and the range's ends. */
const DAYS = [
  '2019-01-01', '2019-12-29', '2019-12-30', '2020-02-29', '2020-12-31', '2021-01-03', '2021-01-04', '2023-01-01',
  '2024-06-30', '2024-07-01', '2024-12-31', '2025-01-01', '2025-03-31', '2025-04-01', '2026-12-31', '2027-01-01',
  '2027-01-03', '2027-01-04', '2030-12-31',
];

/** The ISO week date of a day, computed the textbook way: the week (and its year) of the day's Thursday. */
function isoWeek(date: Date): { week: number; year: number } {
  const isoDow = ((date.getUTCDay() + 6) % 7) + 1;
  const thursday = new Date(date.getTime() + (4 - isoDow) * 86_400_000);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  return { week: Math.floor((thursday.getTime() - yearStart) / 86_400_000 / 7) + 1, year: thursday.getUTCFullYear() };
}

function expectedDay(day: string, fiscalStart: number, holidays: Map<string, string[]>) {
  const date = new Date(`${day}T00:00:00Z`);
  const [year, month, dom] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  const isoDow = ((date.getUTCDay() + 6) % 7) + 1;
  const fiscalPeriod = ((month - fiscalStart + 12) % 12) + 1;
  const names = holidays.get(day);
  return {
    date_day: day,
    date_sk: year * 10000 + month * 100 + dom,
    day_of_week_iso: isoDow,
    day_name: date.toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' }),
    day_of_month: dom,
    week_of_year: isoWeek(date).week,
    iso_year: isoWeek(date).year,
    month,
    month_name: date.toLocaleDateString('en-US', { month: 'long', timeZone: 'UTC' }),
    quarter: Math.ceil(month / 3),
    year,
    is_weekend: isoDow >= 6,
    is_holiday: names !== undefined,
    holiday_name: names ? [...names].sort().join(', ') : null,
    fiscal_year: fiscalStart === 1 || month < fiscalStart ? year : year + 1,
    fiscal_quarter: Math.ceil(fiscalPeriod / 3),
    fiscal_period: fiscalPeriod,
  };
}

function readHolidays(csv: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const line of csv.trim().split('\n').slice(1)) {
    const [day, ...name] = line.split(',');
    map.set(day!, [...(map.get(day!) ?? []), name.join(',')]);
  }
  return map;
}

for (const kind of ['pglite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && !postgresUp)(`${kind}: dim_date`, () => {
    let adapter: Adapter;
    const prefix = uniqueName('dd').slice(0, 28);
    const dir = join(scratch.path, kind);
    let holidays: Map<string, string[]>;
    const chatsem = (...args: string[]) => runMain(dir, [...args, '--vars', `source_schema_prefix=${prefix}`], { adapter });
    // --full-refresh: a run with no pending loads does nothing, and these runs only change vars.
    const build = async (...vars: string[]) => {
      const result = await chatsem('run', '--select', 'dim_date', '--full-refresh', ...vars.flatMap((v) => ['--vars', v]));
      expect(result.code, result.output).toBe(0);
    };
    const days = async (list = DAYS) =>
      (
        await adapter.query(
          `select date_day::text as date_day, date_sk, day_of_week_iso, day_name, day_of_month, week_of_year, iso_year, month,
             month_name, quarter, year, is_weekend, is_holiday, holiday_name, fiscal_year, fiscal_quarter, fiscal_period
           from "${prefix}_marts".dim_date where date_day in (${list.map((d) => `date '${d}'`).join(', ')}) order by date_day`,
        )
      ).rows;

    beforeAll(async () => {
      for (const entry of ['project.yaml', 'models', 'seeds', 'macros']) cpSync(join(repoRoot, entry), join(dir, entry), { recursive: true });
      // Two holidays on one day are joined into one name; the shipped ones stay.
      const csv = `${readFileSync(join(dir, 'seeds', 'holidays.csv'), 'utf8').trimEnd()}\n2024-07-01,Founders' Day\n2024-07-01,"Canada Day"\n`;
      writeFileSync(join(dir, 'seeds', 'holidays.csv'), csv);
      holidays = readHolidays(csv.replace('"Canada Day"', 'Canada Day'));
      writeFileSync(join(dir, 'profiles.yml'), kind === 'pglite' ? pgliteProfile('chatsem', IN_MEMORY_PATH) : postgresProfile('chatsem', postgresTestUrl(), 'public', 2));
      adapter =
        kind === 'pglite'
          ? await createAdapter({ type: 'pglite', path: IN_MEMORY_PATH, schema: 'public' })
          : await (async () => {
              const url = new URL(postgresTestUrl());
              return createAdapter({
                type: 'postgres', host: url.hostname, port: Number(url.port || 5432), user: decodeURIComponent(url.username) || 'postgres',
                database: url.pathname.slice(1), schema: 'public', threads: 2,
              });
            })();
      // A run needs the prefix's _loads table; a tiny generated load provides it.
      for (const args of [['generate', '--sessions', '2', '--users', '1'], ['seed', '--select', 'holidays']]) {
        const result = await chatsem(...args);
        expect(result.code, result.output).toBe(0);
      }
    });
    afterAll(async () => {
      for (const suffix of ['event', 'staging', 'views', 'marts']) await adapter.query(`drop schema if exists "${prefix}_${suffix}" cascade`);
      await adapter.close();
    });

    it('matches the TypeScript calendar with the default financial year (July), and its YAML tests pass', async () => {
      await build();
      expect(await days()).toEqual(DAYS.map((day) => expectedDay(day, 7, holidays)));
      const count = await adapter.query<{ n: number; first: string; last: string }>(
        `select count(*)::int as n, min(date_day)::text as first, max(date_day)::text as last from "${prefix}_marts".dim_date`,
      );
      expect(count.rows[0]).toEqual({ n: 4383, first: '2019-01-01', last: '2030-12-31' });
      // cautious: only the tests of dim_date and holidays, not the relationships of the facts that point at dim_date.
      const tests = await chatsem('test', '--select', 'dim_date', 'holidays', '--indirect-selection', 'cautious');
      expect(tests.code, tests.output).toBe(0);
      expect(tests.output).toMatch(/PASS unique_dim_date_date_sk \.+ \[PASS/);
      expect(tests.output).toMatch(/PASS not_null_dim_date_date_sk \.+ \[PASS/);
    });

    it('fiscal_year_start_month: 1 makes the financial year the calendar year; the range and holidays follow vars', async () => {
      await build('fiscal_year_start_month=1');
      expect(await days()).toEqual(DAYS.map((day) => expectedDay(day, 1, holidays)));
      await build('fiscal_year_start_month=4', 'dim_date_start=2020-12-28', 'dim_date_end=2021-01-10', 'dim_date_holidays=false');
      const window = Array.from({ length: 14 }, (_, i) => new Date(Date.UTC(2020, 11, 28 + i)).toISOString().slice(0, 10));
      expect(await days(window)).toEqual(window.map((day) => expectedDay(day, 4, new Map())));
      const total = await adapter.query<{ n: number }>(`select count(*)::int as n from "${prefix}_marts".dim_date`);
      expect(total.rows[0]!.n).toBe(14);
    });

    it('a var that is not a date or a month number fails compilation with the var named', async () => {
      const badDate = await chatsem('run', '--select', 'dim_date', '--vars', 'dim_date_start=2019-13-01');
      expect(badDate.code).toBe(2);
      expect(badDate.output).toContain("var dim_date_start = '2019-13-01' is not a date: use YYYY-MM-DD");
      const badMonth = await chatsem('run', '--select', 'dim_date', '--vars', 'fiscal_year_start_month=13');
      expect(badMonth.code).toBe(2);
      expect(badMonth.output).toContain("var fiscal_year_start_month = '13' must be a month number from 1 to 12");
    });
  });
}
