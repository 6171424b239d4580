/**
 * dbt's block tags that nunjucks does not know, rewritten to plain nunjucks before compiling, keeping every
 * line where it was so error lines still point into the user's file:
 * `{% test x(...) %}` → macro `test_x`, `{% materialization m, adapter='a' %}` → macro `materialization_m_a`,
 * `{% docs %}` blocks → blank lines, `{% set ns.attr = v %}` → `{% do __setattr(ns, 'attr', v) %}`.
 */

const BLOCK_TAG = /\{%(-?)\s*(test|endtest|materialization|endmaterialization)\b([^%]*?)(-?)%\}/g;
const DOCS_BLOCK = /\{%-?\s*docs\s+([A-Za-z_][\w-]*)\s*-?%\}([\s\S]*?)\{%-?\s*enddocs\s*-?%\}/g;
const SET_ATTRIBUTE = /\{%(-?)\s*set\s+([A-Za-z_]\w*)\.([A-Za-z_]\w*)\s*=([^%]*?)(-?)%\}/g;
const SNAPSHOT_BLOCK = /\{%-?\s*snapshot\s+([A-Za-z_]\w*)\s*-?%\}([\s\S]*?)\{%-?\s*endsnapshot\s*-?%\}/g;

const newlines = (text: string): string => '\n'.repeat(countLines(text));

export function countLines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

export interface DocsBlock {
  name: string;
  contents: string;
}

export function preprocessJinja(source: string, docs?: DocsBlock[]): string {
  let text = source;
  if (text.includes('docs')) {
    text = text.replace(DOCS_BLOCK, (whole, name: string, contents: string) => {
      docs?.push({ name, contents: contents.trim() });
      return newlines(whole);
    });
  }
  if (text.includes('test') || text.includes('materialization')) {
    text = text.replace(BLOCK_TAG, (whole, open: string, tag: string, rest: string, close: string) => {
      const pad = newlines(whole);
      if (tag === 'endtest' || tag === 'endmaterialization') return `{%${open} endmacro ${pad}${close}%}`;
      if (tag === 'test') return `{%${open} macro test_${rest.trim()} ${pad}${close}%}`;
      const [name, ...options] = rest.split(',').map((part) => part.trim());
      const adapterOption = options.find((option) => /^adapter\s*=/.test(option));
      const adapter = adapterOption ? adapterOption.replace(/^adapter\s*=\s*/, '').replace(/['"]/g, '') : options[0] || 'default';
      return `{%${open} macro materialization_${name}_${adapter}() ${pad}${close}%}`;
    });
  }
  if (text.includes('set') && /set\s+[A-Za-z_]\w*\.[A-Za-z_]/.test(text)) {
    text = text.replace(SET_ATTRIBUTE, (whole, open: string, target: string, attribute: string, value: string, close: string) =>
      `{%${open} do __setattr(${target}, '${attribute}', ${value.trim()}) ${newlines(whole)}${close}%}`,
    );
  }
  return text;
}

export interface SnapshotBlock {
  name: string;
  /** The block body, preceded by blank lines so its line numbers match the file. */
  body: string;
  /** 1-based line of the `{% snapshot %}` tag. */
  line: number;
}

export function extractSnapshots(source: string): SnapshotBlock[] {
  const blocks: SnapshotBlock[] = [];
  for (const match of source.matchAll(SNAPSHOT_BLOCK)) {
    const before = source.slice(0, match.index);
    const closingTagLength = match[0].length - match[0].lastIndexOf('{%');
    const tag = match[0].slice(0, match[0].length - match[2]!.length - closingTagLength);
    blocks.push({ name: match[1]!, body: newlines(before + tag) + match[2]!, line: countLines(before) + 1 });
  }
  return blocks;
}
