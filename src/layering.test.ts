/**
 * Enforces the layering table of CONTRIBUTING.md: a folder imports only the folders its row allows, and only
 * through their index.ts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const allowed: Record<string, string[]> = {
  core: [],
  project: ['core'],
  adapters: ['core'],
  compiler: ['core', 'project'],
  graph: ['core'],
  ingest: ['core', 'adapters'],
  materializations: ['core', 'adapters'],
  testing: ['core', 'compiler', 'adapters'],
  synth: ['core', 'ingest'],
  runner: ['core', 'graph', 'adapters', 'compiler', 'materializations', 'testing'],
  artifacts: ['core', 'graph', 'runner'],
  loads: ['core', 'adapters', 'runner'],
  cli: ['core', 'project', 'adapters', 'compiler', 'graph', 'ingest', 'materializations', 'testing', 'synth', 'runner', 'artifacts', 'loads'],
  'test-support': ['core', 'adapters'],
};

const srcDir = resolve(__dirname);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (path.endsWith('.ts') && !path.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

describe('layering', () => {
  it('every import follows the layering table and goes through index.ts', () => {
    const violations: string[] = [];
    for (const file of sourceFiles(srcDir)) {
      const rel = relative(srcDir, file);
      const folder = rel.split('/')[0]!;
      if (!(folder in allowed)) continue;
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/^\s*(?:import|export)[^'"]*from\s+['"](\.[^'"]+)['"]/gm)) {
        const target = resolve(dirname(file), match[1]!);
        const targetRel = relative(srcDir, target);
        const targetFolder = targetRel.split('/')[0]!;
        if (targetFolder === folder || targetRel.startsWith('..')) continue;
        if (!allowed[folder]!.includes(targetFolder)) {
          violations.push(`${rel} imports ${targetFolder}/ (not allowed for ${folder}/)`);
        } else if (targetRel !== `${targetFolder}/index.js`) {
          violations.push(`${rel} imports ${targetRel} — import ${targetFolder}/index.js instead`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('the check itself catches a forbidden import', () => {
    // Guards against a regex that silently matches nothing.
    const sample = "import { x } from '../cli/index.js';";
    expect([...sample.matchAll(/^\s*(?:import|export)[^'"]*from\s+['"](\.[^'"]+)['"]/gm)].length).toBe(1);
  });
});
