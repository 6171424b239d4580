/**
 * The "incremental run equals full refresh" property, in plain JavaScript so that the vitest file (engine from
 * src/) and bench/soak-incremental.mjs (engine from dist/) run exactly the same check. The engine is injected.
 *
 * A dataset from the synthetic generator is cut into K loads at random points of the stream (sessions and
 * conversations cross load boundaries, and so do groups of events sharing a timestamp), some events are delivered
 * again in a later load (at-least-once delivery), and every load arrives shuffled. Shuffling keeps the relative
 * order of one sender's events that share a timestamp: nothing but arrival order tells those apart (Rasa's
 * tracker order), so a loader must receive them in order; events whose timestamps differ may arrive in any order.
 * Extra timestamp ties are injected so that the tiebreaker matters. The incremental prefix gets `run` after every
 * load; a second prefix gets everything in one load and `run --full-refresh`; every semantic table must be equal,
 * row for row, all columns.
 */

/** The semantic tables of spec §6, in `<prefix>_views`. */
export const SEMANTIC_TABLES = [
  'event_sequence',
  'user_messages',
  'bot_messages',
  'story_actions',
  'slot_events',
  'interactions',
  'sessions',
  'conversations',
  'users',
];

/** mulberry32: small, seedable, good enough to pick cut points. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function stableJson(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  return `{${Object.keys(value)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableJson(value[k])}`)
    .join(',')}}`;
}

const tieKey = (event) => `${event.sender_id}\u0000${event.timestamp}`;

/** A random permutation in which events of one sender with the same timestamp keep their relative order. */
export function shuffleKeepingTies(events, random) {
  const permuted = events.slice();
  for (let i = permuted.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [permuted[i], permuted[j]] = [permuted[j], permuted[i]];
  }
  const groups = new Map();
  for (const event of events) {
    const key = tieKey(event);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(event);
  }
  const taken = new Map();
  return permuted.map((event) => {
    const key = tieKey(event);
    const index = taken.get(key) ?? 0;
    taken.set(key, index + 1);
    return groups.get(key)[index];
  });
}

/**
 * Gives some events the timestamp of the sender's previous event (never making two events of a sender identical:
 * the loader would rightly treat the second as a copy of the first).
 */
function injectTies(events, random, share) {
  const last = new Map();
  const seen = new Set();
  const out = [];
  for (const original of events) {
    let event = original;
    const previous = last.get(event.sender_id);
    if (previous && previous.timestamp !== event.timestamp && random() < share) {
      const tied = { ...event, timestamp: previous.timestamp };
      if (!seen.has(stableJson(tied))) event = tied;
    }
    seen.add(stableJson(event));
    last.set(event.sender_id, event);
    out.push(event);
  }
  return out;
}

/**
 * The dataset of one seed: `all` (every event, tracker order per sender) and `loads` (K shuffled loads).
 * `generateEvents` and `baseConfig` come from the synth module (src/ or dist/).
 */
export function makeDataset(seed, generateEvents, baseConfig, options = {}) {
  const random = seededRandom(seed * 2654435761);
  const sessions = options.sessions ?? 8 + Math.floor(random() * 10);
  const config = { ...baseConfig, seed, sessions, users: Math.max(2, Math.floor(sessions / 3)), days: 2 };
  const all = injectTies([...generateEvents(config)], random, options.tieShare ?? 0.15);
  const k = options.loads ?? 2 + Math.floor(random() * 4);
  const cuts = new Set();
  while (cuts.size < k - 1) cuts.add(1 + Math.floor(random() * (all.length - 1)));
  const bounds = [0, ...[...cuts].sort((a, b) => a - b), all.length];
  const slices = bounds.slice(0, -1).map((start, i) => all.slice(start, bounds[i + 1]));
  const loads = slices.map((slice, i) => {
    const events = slice.slice();
    if (i > 0 && random() < 0.5) {
      // Distinct events: the loader rightly counts two identical events in one stream as two (Rasa can write them).
      const picked = new Set();
      for (let n = 1 + Math.floor(random() * 4); n > 0; n--) picked.add(Math.floor(random() * bounds[i]));
      for (const index of picked) events.push(all[index]);
    }
    return shuffleKeepingTies(events, random);
  });
  const loadsOfSender = new Map();
  slices.forEach((slice, i) => slice.forEach((e) => loadsOfSender.set(e.sender_id, (loadsOfSender.get(e.sender_id) ?? new Set()).add(i))));
  const crossingSenders = [...loadsOfSender.values()].filter((s) => s.size > 1).length;
  let ties = 0;
  for (let i = 1; i < all.length; i++) if (tieKey(all[i]) === tieKey(all[i - 1])) ties++;
  return {
    seed,
    all: shuffleKeepingTies(all, random),
    loads,
    summary: { seed, sessions, events: all.length, loads: k, loadSizes: loads.map((l) => l.length), senders: loadsOfSender.size, crossingSenders, ties },
  };
}

/** Every row of a table as canonical JSON, sorted: equal snapshots = the same multiset of rows, all columns. */
export async function tableSnapshot(connection, schema, table, omit = []) {
  const result = await connection.query(`select * from "${schema}"."${table}"`);
  return result.rows.map((row) => canonicalRow(row, omit)).sort();
}

export function canonicalRow(row, omit = []) {
  return JSON.stringify(
    Object.keys(row)
      .filter((key) => !omit.includes(key))
      .sort()
      .map((key) => [key, canonicalValue(row[key])]),
  );
}

function canonicalValue(value) {
  if (value instanceof Date) return value.toISOString();
  // a double summed in another order may differ in its last bits; that is not a difference of content
  if (typeof value === 'number' && !Number.isInteger(value)) return Number(value.toPrecision(9));
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/**
 * Snapshots of every semantic table. `omitLoadIds` leaves out event_sequence._load_id, the one column that names
 * how the events arrived rather than what they mean (two prefixes loaded differently have different load ids).
 */
export async function semanticSnapshot(connection, prefix, { omitLoadIds = false } = {}) {
  const out = {};
  for (const table of SEMANTIC_TABLES) out[table] = await tableSnapshot(connection, `${prefix}_views`, table, omitLoadIds ? ['_load_id'] : []);
  return out;
}

/** How two snapshots of one table differ (a few rows each side), or null when equal. */
export function describeDifference(table, expected, actual, limit = 3) {
  const left = new Map();
  for (const row of expected) left.set(row, (left.get(row) ?? 0) + 1);
  const extra = [];
  for (const row of actual) {
    const n = left.get(row) ?? 0;
    if (n > 0) left.set(row, n - 1);
    else extra.push(row);
  }
  const missing = [...left.entries()].flatMap(([row, n]) => Array(n).fill(row));
  if (missing.length === 0 && extra.length === 0) return null;
  return [
    `${table}: ${expected.length} rows expected, ${actual.length} found; ${missing.length} missing, ${extra.length} unexpected`,
    ...missing.slice(0, limit).map((row) => `  missing:    ${row}`),
    ...extra.slice(0, limit).map((row) => `  unexpected: ${row}`),
  ].join('\n');
}

/** Every difference between two semantic snapshots; '' when equal. */
export function compareSnapshots(expected, actual) {
  return SEMANTIC_TABLES.map((table) => describeDifference(table, expected[table] ?? [], actual[table] ?? []))
    .filter((d) => d !== null)
    .join('\n');
}

/**
 * Runs the property for one seed. `engine`: { generateEvents, baseConfig, load(prefix, events), chatsem(prefix,
 * ...args) → {code, output}, query(sql), dropPrefix(prefix) }. Returns { summary, difference, failure } where
 * difference is '' when the tables are equal and failure names a command that did not exit 0.
 */
export async function checkIncrementalEqualsFull(engine, seed, prefixBase, options = {}) {
  const data = makeDataset(seed, engine.generateEvents, engine.baseConfig, options);
  const incremental = `${prefixBase}_i`;
  const full = `${prefixBase}_f`;
  const step = async (prefix, ...args) => {
    const result = await engine.chatsem(prefix, ...args);
    if (result.code !== 0) throw new Error(`seed ${seed}: \`chatsem ${args.join(' ')}\` on ${prefix} exited ${result.code}\n${result.output}`);
    return result;
  };
  try {
    for (const [i, events] of data.loads.entries()) {
      await engine.load(incremental, events);
      if (i === 0) await step(incremental, 'seed');
      await step(incremental, 'run');
    }
    await engine.load(full, data.all);
    await step(full, 'seed');
    await step(full, 'run', '--full-refresh');
    const expected = await semanticSnapshot(engine, full, { omitLoadIds: true });
    const actual = await semanticSnapshot(engine, incremental, { omitLoadIds: true });
    return { summary: data.summary, difference: compareSnapshots(expected, actual), rows: Object.values(expected).reduce((n, t) => n + t.length, 0) };
  } finally {
    if (!options.keep) {
      await engine.dropPrefix(incremental);
      await engine.dropPrefix(full);
    }
  }
}
