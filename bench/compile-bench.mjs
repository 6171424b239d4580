// Cold parse + compile of generated projects (chains and fan-ins, macros, Jinja loops, properties YAML with tests),
// measured as a fresh `chatsem compile` process each time: wall time, CPU time (all threads; steadier than wall time
// on a shared machine) and peak RSS from /usr/bin/time.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateBenchProject } from '../dist/compiler/index.js';

const cli = new URL('../bin/chatsem.js', import.meta.url).pathname;

export async function compileBench({ workDir, log }) {
  const rows = [];
  for (const models of [1000, 10000]) {
    const dir = join(workDir, `project_${models}`);
    log(`generating a ${models}-model project`);
    generateBenchProject(dir, models);
    const runs = [];
    for (let i = 0; i < 3; i += 1) {
      const r = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', process.execPath, cli, 'compile', '--project-dir', dir, '-q'], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`compile failed: ${r.stderr}`);
      const [seconds, kb, user, system] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
      const perf = JSON.parse(readFileSync(join(dir, 'target', 'perf_info.json'), 'utf8'));
      runs.push({ seconds, cpuSeconds: user + system, peakMb: kb / 1024, perf });
    }
    const best = runs.reduce((a, b) => (a.seconds <= b.seconds ? a : b));
    const perf = best.perf;
    rows.push({ models, nodes: perf.path_count, wallSeconds: best.seconds, cpuSeconds: best.cpuSeconds, peakMb: best.peakMb, perf });
  }
  const table = [
    '| models | files | cold `chatsem compile` (best of 3) | CPU, all threads | peak RSS | read files | render (parse + compile) | graph | write artifacts |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) =>
      `| ${r.models.toLocaleString('en')} | ${r.nodes.toLocaleString('en')} | ${r.wallSeconds.toFixed(2)} s | ${r.cpuSeconds.toFixed(2)} s | ${r.peakMb.toFixed(0)} MB | ${fmt(r.perf.read_files_elapsed)} | ${fmt(r.perf.compile_elapsed)} | ${fmt(r.perf.graph_elapsed)} | ${fmt(r.perf.write_artifacts_elapsed)} |`,
    ),
  ].join('\n');
  return { rows: rows.map(({ perf, ...r }) => ({ ...r, perf })), table };
}

function fmt(seconds) {
  return typeof seconds === 'number' ? `${seconds.toFixed(2)} s` : 'n/a';
}
