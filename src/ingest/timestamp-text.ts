/** The text of a Rasa timestamp for a PostgreSQL `timestamp` column, as COPY writes it. */

let cachedDay = Number.NaN;
let cachedDate = '';
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));

/** Unix seconds (float) → `YYYY-MM-DD HH:MM:SS.ffffff` in UTC, rounded to the microsecond. */
export function timestampText(seconds: number): string {
  const micros = Math.round(seconds * 1e6);
  const wholeSeconds = Math.floor(micros / 1e6);
  const fraction = micros - wholeSeconds * 1e6;
  // Senders interleave, so the second changes from one event to the next, the day seldom: only the date is
  // formatted with a Date (UTC has no leap seconds in JS time, so the time of day is plain arithmetic).
  const day = Math.floor(wholeSeconds / 86_400);
  if (day >= FIRST_DAY_PAST_9999) return pastYear9999(wholeSeconds, fraction);
  if (day !== cachedDay) {
    cachedDate = `${new Date(day * 86_400_000).toISOString().slice(0, 10)} `;
    cachedDay = day;
  }
  const inDay = wholeSeconds - day * 86_400;
  const hours = Math.floor(inDay / 3600);
  const minutes = Math.floor((inDay - hours * 3600) / 60);
  const secs = inDay - hours * 3600 - minutes * 60;
  return `${cachedDate}${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[secs]}.${fraction < 100_000 ? String(fraction).padStart(6, '0') : fraction}`;
}

const FIRST_DAY_PAST_9999 = 2_932_897;

/** A timestamp just below the limit can round up into year 10000; it keeps the text it always had. */
function pastYear9999(wholeSeconds: number, fraction: number): string {
  const iso = new Date(wholeSeconds * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${String(fraction).padStart(6, '0')}`;
}
