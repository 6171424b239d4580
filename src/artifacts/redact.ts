/**
 * Artifacts are shared (uploaded to docs sites, attached to CI runs, committed by mistake), so anything that may
 * hold a credential is masked before it is written.
 */
export const REDACTED = '*****';

// Key names that hold secrets whatever their value looks like: password, pass, passwd, pwd, secret, token,
// api_key, private_key, credentials … (matched on the snake/kebab/camel-normalised name).
const SECRET_KEY = /(^|_)(pass(word|wd|phrase)?|pwd|secrets?|token|api_?key|private_?key|access_?key|credentials?|auth)(_|$)/;

/** A copy of `args` with secret-named keys masked and passwords removed from URLs and DSN strings, at any depth. */
export function redactArgs(args: Record<string, unknown>): Record<string, unknown> {
  return redactValue(args, 0) as Record<string, unknown>;
}

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactText(value);
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = isSecretKey(key) && inner !== null && inner !== undefined && inner !== '' ? REDACTED : redactValue(inner, depth + 1);
  }
  return out;
}

export function isSecretKey(key: string): boolean {
  const normalised = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-\s.]/g, '_')
    .toLowerCase();
  return SECRET_KEY.test(normalised);
}

/**
 * Masks `scheme://user:password@host` → `scheme://user:*****@host` and `password=…` pairs in libpq DSNs and
 * query strings (`?password=…`, `&sslpassword=…`).
 */
export function redactText(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):([^\s@/]*)@/gi, `$1:${REDACTED}@`)
    .replace(/(\b(?:ssl)?pass(?:word)?\s*=\s*)('[^']*'|[^\s&;]+)/gi, `$1${REDACTED}`);
}
