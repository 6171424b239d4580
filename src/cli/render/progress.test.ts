import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Output } from './output.js';
import { ProgressTracker, renderProgress } from './progress.js';

function capture(isTTY: boolean): { stream: PassThrough & { isTTY?: boolean }; text: () => string } {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number };
  stream.isTTY = isTTY;
  stream.columns = 80;
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString()));
  return { stream, text: () => text };
}

describe('renderProgress', () => {
  it('shows done/total, a proportional bar, elapsed time and the running nodes', () => {
    expect(renderProgress({ done: 5, total: 20, running: ['orders', 'customers'], elapsedSeconds: 75.4 })).toBe(
      '[#####---------------] 5/20 1m15s running: orders, customers',
    );
    expect(renderProgress({ done: 0, total: 3, running: [], elapsedSeconds: 2 })).toBe('[--------------------] 0/3 2s');
    expect(renderProgress({ done: 3, total: 3, running: [], elapsedSeconds: 0 })).toBe('[####################] 3/3 0s');
  });

  it('never exceeds the terminal width', () => {
    const line = renderProgress({ done: 1, total: 9, running: Array.from({ length: 20 }, (_, i) => `model_number_${i}`), elapsedSeconds: 1 }, 60);
    expect(line.length).toBeLessThanOrEqual(59);
    expect(line.endsWith('…')).toBe(true);
    expect(line.startsWith('[##------------------] 1/9 1s running: model_number_0')).toBe(true);
  });
});

describe('the status line on a terminal', () => {
  it('is redrawn with \\r, kept below regular lines, erased at the end and never logged', () => {
    const out = capture(true);
    const output = new Output({ format: 'text', color: false, quiet: false, logFile: null, stdout: out.stream, stderr: out.stream });
    expect(output.progressEnabled).toBe(true);
    const tracker = new ProgressTracker((line) => output.status(line), () => output.columns);
    tracker.start('a', 2);
    output.line('1 of 2 START a');
    tracker.finish('a', 2);
    tracker.start('b', 2);
    tracker.finish('b', 2);
    const text = out.text();
    expect(text).toContain(`[${'-'.repeat(20)}] 0/2`);
    expect(text).toContain('running: a');
    // The regular line is printed on a cleared line, then the status is drawn again after it.
    expect(text).toMatch(/\r\u001b\[K\d\d:\d\d:\d\d {2}1 of 2 START a\n\[-+\] 0\/2 \d+s running: a/);
    expect(text).toContain('1/2');
    expect(text.endsWith('\r\u001b[K')).toBe(true);
  });

  it('is not drawn when stdout is not a TTY, with --log-format json or --quiet', () => {
    for (const [tty, format, quiet] of [[false, 'text', false], [true, 'json', false], [true, 'text', true]] as const) {
      const out = capture(tty);
      const output = new Output({ format, color: false, quiet, logFile: null, stdout: out.stream, stderr: out.stream });
      expect(output.progressEnabled).toBe(false);
      output.status('[----] 0/1');
      output.line('hello');
      expect(out.text()).not.toContain('\r');
      expect(out.text()).not.toContain('[----]');
    }
  });
});
