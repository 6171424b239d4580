/** The opening lines of a run, as dbt prints them. */
import type { Output } from '../render/output.js';
import type { Session } from '../session.js';
import { chatsemVersion } from '../version.js';

export function printHeader(out: Output, session: Session): void {
  const { manifest } = session;
  const count = (type: string): number => Object.values(manifest.nodes).filter((n) => n.resource_type === type).length;
  const parts = [
    plural(count('model'), 'model'),
    plural(count('seed'), 'seed'),
    plural(count('test'), 'data test'),
    plural(count('unit_test'), 'unit test'),
    plural(count('snapshot'), 'snapshot'),
    plural(count('analysis'), 'analysis', 'analyses'),
    plural(Object.keys(manifest.sources).length, 'source'),
    plural(Object.keys(manifest.macros).length, 'macro'),
  ].filter((p) => !p.startsWith('0 '));
  out.line(`Running with chatsem=${chatsemVersion()}`);
  out.line(`Registered adapter: ${session.target.type}`);
  out.line(`Found ${parts.join(', ')}`);
  out.line('');
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
