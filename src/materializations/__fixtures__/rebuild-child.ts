/**
 * Child process of the killed-rebuild test: rebuilds `<schema>.orders` on PostgreSQL with a hook that sleeps inside
 * the transaction, so the parent can SIGKILL it mid-run. Args: schema, PostgreSQL URL, `pre`|`post`, marker.
 */
import { build, openWarehouse } from './model-node.js';

const [schema, url, place, marker] = process.argv.slice(2) as [string, string, 'pre' | 'post', string];
const adapter = await openWarehouse('postgres', url);
const sleep = `select pg_sleep(60) /* ${marker} */`;
// Without this the server only notices the dead client after the sleep ends.
const notice = `set client_connection_check_interval = '100ms'`;
await build(adapter, schema, 'orders', { materialized: 'table' }, `select 99 as id, 'killed' as name`, {
  preHooks: place === 'pre' ? [notice, sleep] : [notice],
  postHooks: place === 'post' ? [sleep] : [],
});
await adapter.close();
