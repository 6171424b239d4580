import { createRequire } from 'node:module';

type YamlPackage = typeof import('yaml');

let loaded: YamlPackage | undefined;

/**
 * The `yaml` package, loaded on first use: loading it costs a noticeable part of a small command's start-up, and
 * most projects never need it (the fast reader handles their properties files).
 */
export function yamlPackage(): YamlPackage {
  return (loaded ??= createRequire(import.meta.url)('yaml') as YamlPackage);
}

/** Line starts of a text and 1-based { line, col } of an offset: the `yaml` package's LineCounter, without it. */
export class LineStarts {
  readonly lineStarts: number[] = [];

  addNewLine = (offset: number): number => this.lineStarts.push(offset);

  linePos = (offset: number): { line: number; col: number } => {
    let low = 0;
    let high = this.lineStarts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.lineStarts[mid]! < offset) low = mid + 1;
      else high = mid;
    }
    if (this.lineStarts[low] === offset) return { line: low + 1, col: 1 };
    if (low === 0) return { line: 0, col: offset };
    const start = this.lineStarts[low - 1]!;
    return { line: low, col: offset - start + 1 };
  };
}
