/**
 * Wraps an adapter so every statement sent to the warehouse (queries, COPY, statements inside transactions and
 * held connections) reaches logs/chatsem.log — the one place to look when a run did something unexpected.
 */
import type { Adapter, Connection } from '../adapters/index.js';

export function withStatementLog(adapter: Adapter, log: (message: string) => void): Adapter {
  const record = (sql: string): void => log(`SQL ${sql.trim()}`);
  const wrapConnection = (connection: Connection): Connection => ({
    query: (sql, params) => {
      record(sql);
      return connection.query(sql, params);
    },
    copyFrom: (sql, source) => {
      record(sql);
      return connection.copyFrom(sql, source);
    },
    copyTo: (sql, sink) => {
      record(sql);
      return connection.copyTo(sql, sink);
    },
  });
  const overrides: Partial<Adapter> = {
    ...wrapConnection(adapter),
    withConnection: (fn) => adapter.withConnection((connection) => fn(wrapConnection(connection))),
    transaction: (fn) => adapter.transaction((connection) => fn(wrapConnection(connection))),
  };
  return new Proxy(adapter, {
    get(target, property, receiver) {
      if (typeof property === 'string' && property in overrides) return overrides[property as keyof Adapter];
      // Adapters keep state in private fields: their methods must run with the real object as `this`.
      const value: unknown = Reflect.get(target, property, target);
      void receiver;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
