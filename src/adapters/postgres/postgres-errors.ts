import { ChatsemError, ConnectionError, DatabaseError } from '../../core/index.js';

/** The fields pg (and PGlite, which mirrors them) put on a server error. */
interface ServerErrorFields {
  message?: string;
  code?: string;
  position?: string | number;
  detail?: string;
  hint?: string;
  where?: string;
}

/** Who we tried to reach, for messages; never holds the password. */
export interface ConnectionTarget {
  host: string;
  port: number;
  database: string;
  user: string;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/** Replace every secret (and its URL-encoded form) in `text`; secrets shorter than 3 characters cannot be told apart from text. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length < 3) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) result = result.split(form).join('****');
  }
  return result;
}

function fieldsOf(error: unknown): ServerErrorFields {
  return typeof error === 'object' && error !== null ? (error as ServerErrorFields) : { message: String(error) };
}

/** True when the error means the connection itself is gone or refused, rather than a bad statement. */
export function isConnectionFailure(error: unknown): boolean {
  const { code, message } = fieldsOf(error);
  if (code && NETWORK_CODES.has(code)) return true;
  if (code && SQLSTATE.test(code)) return code.startsWith('08') || code.startsWith('28') || code === '3D000' || code === '57P01';
  return /Connection terminated|timeout expired|connection timeout|server closed the connection|self[- ]signed|SSL/i.test(message ?? '');
}

function connectionHint(error: ServerErrorFields, target: ConnectionTarget, connectTimeout: number | undefined): string {
  const where = `${target.host}:${target.port}`;
  switch (error.code) {
    case 'ECONNREFUSED':
      return `Nothing is listening on ${where}. Start PostgreSQL there, or fix \`host\`/\`port\` in your profile.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `The host "${target.host}" could not be resolved; check \`host\` in your profile.`;
    case '28P01':
      return `The server rejected the password for user "${target.user}"; check \`user\` and \`password\` in your profile (or the env_var it reads).`;
    case '28000':
      return `The server refused user "${target.user}" (unknown role or no pg_hba.conf entry); check \`user\` or ask the administrator for access.`;
    case '3D000':
      return `Create the database (\`createdb -h ${target.host} -p ${target.port} ${target.database}\`) or fix \`dbname\` in your profile.`;
    case '57P03':
      return 'The server is starting up or shutting down; try again in a moment.';
  }
  if (/timeout/i.test(error.message ?? '') || error.code === 'ETIMEDOUT') {
    const seconds = connectTimeout === undefined ? '' : ` within ${connectTimeout}s`;
    return `The server did not answer${seconds}; check the network/firewall to ${where}, or raise \`connect_timeout\`.`;
  }
  if (/SSL|certificate/i.test(error.message ?? '')) return 'Check `sslmode` in your profile against what the server supports.';
  return `Check that PostgreSQL is running at ${where} and that the profile's connection settings are right.`;
}

/** An error met while opening a connection: always names the target and never contains a secret. */
export function toConnectionError(
  error: unknown,
  target: ConnectionTarget,
  secrets: readonly string[],
  connectTimeout?: number,
): ConnectionError {
  const fields = fieldsOf(error);
  const reason = scrubSecrets(fields.message || fields.code || 'unknown error', secrets);
  const message = `Could not connect to PostgreSQL at ${target.host}:${target.port}, database "${target.database}", user "${target.user}": ${reason}`;
  return new ConnectionError(message, scrubSecrets(connectionHint(fields, target, connectTimeout), secrets));
}

/** A statement failed: keep PostgreSQL's SQLSTATE and 1-based position so callers can point into the SQL. */
export function toStatementError(error: unknown, secrets: readonly string[], target?: ConnectionTarget, statement?: string): ChatsemError {
  if (error instanceof ChatsemError) return error;
  if (target && isConnectionFailure(error)) return toConnectionError(error, target, secrets);
  const fields = fieldsOf(error);
  if (!fields.code || !SQLSTATE.test(fields.code)) {
    return new DatabaseError(scrubSecrets(fields.message ?? String(error), secrets), { statement, cause: error });
  }
  const position = fields.position === undefined ? undefined : Number(fields.position);
  const extra = [fields.detail, fields.hint, fields.where].filter((part): part is string => !!part).join('\n  ');
  return new DatabaseError(scrubSecrets(fields.message ?? 'database error', secrets), {
    sqlState: fields.code,
    position: Number.isFinite(position) ? position : undefined,
    statement,
    hint: extra ? scrubSecrets(extra, secrets) : undefined,
    cause: error,
  });
}
