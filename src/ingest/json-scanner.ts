/**
 * Finds the JSON values of a file line by line without holding the file: consecutive top-level values
 * (one object, pretty-printed or not, or several concatenated) and the elements of a top-level array each come
 * out as their own text with the line they start on. A huge export that is one JSON array is thus read one
 * element at a time; only a single top-level object (one tracker dump) is held whole.
 */

export type ScannedValue =
  | { kind: 'value'; text: string; line: number }
  | { kind: 'junk'; text: string; line: number; reason: string };

const STRUCTURAL = /["{}[\]]/g;
const IN_STRING = /["\\]/g;

export class JsonValueScanner {
  private inArray = false;
  private arrayLine = 0;
  private inValue = false;
  private inString = false;
  private escaped = false;
  private depth = 0;
  private parts: string[] = [];
  private valueLine = 0;

  /** Feeds one line (without its newline); returns the values completed on it. */
  push(line: string, lineNo: number, out: ScannedValue[]): void {
    let i = 0;
    const length = line.length;
    while (i < length) {
      if (this.inValue) {
        i = this.scan(line, i, out);
        continue;
      }
      const c = line.charCodeAt(i);
      if (c === 32 || c === 9 || c === 13 || c === 0xfeff) {
        i++;
        continue;
      }
      const ch = line[i]!;
      if (this.inArray && ch === ',') {
        i++;
      } else if (this.inArray && ch === ']') {
        this.inArray = false;
        i++;
      } else if (!this.inArray && ch === '[') {
        this.inArray = true;
        this.arrayLine = lineNo;
        i++;
      } else if (ch === '{' || ch === '[') {
        this.inValue = true;
        this.depth = 0;
        this.parts = [];
        this.valueLine = lineNo;
        this.valueStart = i;
      } else {
        // A scalar or stray text where an object belongs: report it and resume at the next separator.
        const stop = this.inArray ? findSeparator(line, i) : length;
        out.push({ kind: 'junk', text: line.slice(i, stop), line: lineNo, reason: `expected a JSON object, found ${JSON.stringify(line.slice(i, Math.min(stop, i + 40)))}` });
        i = stop;
      }
    }
    if (this.inValue) {
      this.parts.push(line.slice(this.valueStart));
      this.valueStart = 0;
    }
  }

  private valueStart = 0;

  private scan(line: string, from: number, out: ScannedValue[]): number {
    let i = from;
    while (i < line.length) {
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
          i++;
          continue;
        }
        IN_STRING.lastIndex = i;
        const match = IN_STRING.exec(line);
        if (!match) return line.length;
        i = match.index + 1;
        if (match[0] === '\\') this.escaped = true;
        else this.inString = false;
        continue;
      }
      STRUCTURAL.lastIndex = i;
      const match = STRUCTURAL.exec(line);
      if (!match) return line.length;
      i = match.index + 1;
      const ch = match[0];
      if (ch === '"') this.inString = true;
      else if (ch === '{' || ch === '[') this.depth++;
      else if (--this.depth === 0) {
        this.parts.push(line.slice(this.valueStart, i));
        out.push({ kind: 'value', text: this.parts.join('\n'), line: this.valueLine });
        this.inValue = false;
        this.parts = [];
        this.valueStart = 0;
        return i;
      }
    }
    return line.length;
  }

  /** Call at end of input: reports a value or array left open. */
  end(out: ScannedValue[]): void {
    if (this.inValue) {
      const text = this.parts.join('\n');
      out.push({ kind: 'junk', text, line: this.valueLine, reason: 'malformed JSON: the value starting here is not closed before the end of the file' });
      this.inValue = false;
    } else if (this.inArray) {
      out.push({ kind: 'junk', text: '', line: this.arrayLine, reason: 'malformed JSON: the array starting here has no closing "]"' });
    }
    this.inArray = false;
  }
}

function findSeparator(line: string, from: number): number {
  for (let i = from; i < line.length; i++) if (line[i] === ',' || line[i] === ']') return i;
  return line.length;
}
