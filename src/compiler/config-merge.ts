/**
 * How dbt merges config layers: later layers replace values, except `tags` (union), hooks (appended) and
 * dictionaries such as `meta` (merged key by key). Keys are normalised (`pre-hook` → `pre_hook`).
 */

const ADDITIVE_LISTS = new Set(['tags', 'pre_hook', 'post_hook']);
const MERGED_DICTS = new Set(['meta', 'grants', 'docs', 'column_types', 'persist_docs']);

export function normalizeConfigKey(key: string): string {
  if (key === 'pre-hook') return 'pre_hook';
  if (key === 'post-hook') return 'post_hook';
  if (key === 'data_tests') return 'tests';
  return key.startsWith('+') ? key.slice(1) : key;
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Merges `layer` into `target` in place and returns `target`. */
export function mergeConfig(target: Record<string, unknown>, layer: Record<string, unknown> | null | undefined): Record<string, unknown> {
  if (!layer) return target;
  for (const rawKey of Object.keys(layer)) {
    if (rawKey === '__keywords') continue;
    const key = normalizeConfigKey(rawKey);
    const value = layer[rawKey];
    if (value === undefined) continue;
    if (ADDITIVE_LISTS.has(key)) {
      const merged = [...asList(target[key]), ...asList(value)];
      target[key] = key === 'tags' ? [...new Set(merged.map(String))] : merged;
    } else if (MERGED_DICTS.has(key) && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const previous = target[key];
      target[key] = { ...(previous && typeof previous === 'object' ? (previous as Record<string, unknown>) : {}), ...(value as Record<string, unknown>) };
    } else {
      target[key] = value;
    }
  }
  return target;
}
