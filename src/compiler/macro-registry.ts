/**
 * Every macro of the project and of the built-ins, compiled once and callable from any template without
 * import. Project macros override built-ins of the same name; `adapter.dispatch` picks
 * `<adapter>__name`, `postgres__name`, then `default__name`.
 */
import { CompilationError, InternalError } from '../core/index.js';
import type { ChatsemError, MacroDefinition } from '../core/index.js';
import { preprocessJinja } from './jinja-blocks.js';
import { compileRoot } from './jinja-environment.js';
import { peekState, RenderState, runRoot } from './render-state.js';
import type { CompileSession, MacroFunction } from './session-types.js';
import { renderError, syntaxError } from './template-errors.js';

export interface MacroFile {
  path: string;
  source: string;
  packageName: string;
  builtin: boolean;
}

const MACRO_TAG = /\{%-?\s*macro\s+([A-Za-z_]\w*)\s*\(([^)]*)\)\s*-?%\}/g;
const END_MACRO = /\{%-?\s*endmacro\s*-?%\}/g;
const CALLED_NAME = /\b([A-Za-z_]\w*)\s*\(/g;

function argumentNames(list: string): { name: string }[] {
  const names: { name: string }[] = [];
  let depth = 0;
  let quote: string | null = null;
  let current = '';
  for (const ch of list + ',') {
    if (quote) {
      if (ch === quote) quote = null;
      current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
    } else if ('([{'.includes(ch)) {
      depth++;
      current += ch;
    } else if (')]}'.includes(ch)) {
      depth--;
      current += ch;
    } else if (ch === ',' && depth === 0) {
      const name = current.split('=')[0]!.trim();
      if (name) names.push({ name });
      current = '';
    } else current += ch;
  }
  return names;
}

export class MacroRegistry {
  readonly project = new Map<string, MacroFunction>();
  readonly builtin = new Map<string, MacroFunction>();
  readonly definitions: Record<string, MacroDefinition> = {};
  readonly errors: ChatsemError[] = [];
  private readonly bodies = new Map<string, { uniqueId: string; body: string; builtin: boolean }>();
  private readonly definedIn = new Map<string, string>();

  constructor(
    private readonly session: CompileSession,
    files: MacroFile[],
    descriptions: Map<string, string>,
  ) {
    for (const file of files) this.define(file, descriptions);
    this.linkDependencies();
  }

  lookup(name: string): MacroFunction | undefined {
    return this.project.get(name) ?? this.builtin.get(name);
  }

  dispatch(name: string, namespace: string | null, adapterType: string): MacroFunction {
    const prefixes = [...new Set([adapterType, 'postgres', 'default'])];
    for (const prefix of prefixes) {
      const found = this.lookup(`${prefix}__${name}`);
      if (found) return found;
    }
    const plain = namespace === null ? undefined : this.lookup(name);
    if (plain) return plain;
    throw new CompilationError(
      `adapter.dispatch('${name}'${namespace ? `, '${namespace}'` : ''}) found no macro: define ${prefixes.map((p) => `${p}__${name}`).join(', ')}`,
    );
  }

  private define(file: MacroFile, descriptions: Map<string, string>): void {
    const text = preprocessJinja(file.source);
    if (file.builtin && this.defineLazily(file, text)) {
      this.recordDefinitions(file, text, descriptions);
      return;
    }
    const context = { file: file.path, subject: `macro file ${file.path}` };
    let root;
    try {
      root = compileRoot(text, file.path);
    } catch (error) {
      this.errors.push(syntaxError(error, context));
      return;
    }
    const state = new RenderState(this.session, null, 'define');
    try {
      runRoot(root, state);
    } catch (error) {
      this.errors.push(renderError(error, context));
      return;
    }
    const target = file.builtin ? this.builtin : this.project;
    for (const [name, value] of Object.entries(state.locals)) {
      if (typeof value !== 'function') continue;
      const uniqueId = `macro.${file.packageName}.${name}`;
      const previous = this.definedIn.get(uniqueId);
      if (previous !== undefined && !file.builtin) {
        this.errors.push(
          new CompilationError(`Macro '${name}' is defined twice: in ${previous} and in ${file.path}`, {
            location: { file: file.path },
            hint: 'Rename or delete one of them; macro names are unique within a project.',
          }),
        );
        continue;
      }
      this.definedIn.set(uniqueId, file.path);
      target.set(name, trackCalls(uniqueId, value as MacroFunction));
    }
    this.recordDefinitions(file, text, descriptions);
  }

  /**
   * Built-in macros are compiled on first call, one by one: most of the ~50 are never called by a project, and
   * compiling them all with nunjucks costs more than a small project's own compile. Only for files made of macro
   * blocks alone (nothing at the top level that a macro could see); returns false for others.
   */
  private defineLazily(file: MacroFile, text: string): boolean {
    const blocks = macroBlocks(text);
    if (!blocks) return false;
    for (const block of blocks) {
      const uniqueId = `macro.${file.packageName}.${block.name}`;
      this.definedIn.set(uniqueId, file.path);
      // The block alone, at its place in the file: error lines and columns stay those of the whole file.
      const source = text.slice(0, block.start).replace(/[^\n]/g, ' ') + text.slice(block.start, block.end);
      let compiled: MacroFunction | null = null;
      const compile = (): MacroFunction => {
        const state = new RenderState(this.session, null, 'define');
        runRoot(compileRoot(source, file.path), state);
        const macro = state.locals[block.name];
        if (typeof macro !== 'function') throw new InternalError(`built-in macro ${block.name} did not define itself`);
        return macro as MacroFunction;
      };
      this.builtin.set(block.name, trackCalls(uniqueId, function lazyMacro(this: unknown, ...args: unknown[]): unknown {
        compiled ??= compile();
        return compiled.apply(this, args);
      }));
    }
    return true;
  }

  private recordDefinitions(file: MacroFile, text: string, descriptions: Map<string, string>): void {
    for (const match of text.matchAll(MACRO_TAG)) {
      const name = match[1]!;
      END_MACRO.lastIndex = match.index + match[0].length;
      const end = END_MACRO.exec(text);
      const stop = end ? end.index + end[0].length : text.length;
      const uniqueId = `macro.${file.packageName}.${name}`;
      const body = text.slice(match.index, stop);
      this.bodies.set(name + (file.builtin ? '@builtin' : ''), { uniqueId, body, builtin: file.builtin });
      this.definitions[uniqueId] = {
        unique_id: uniqueId,
        name,
        package_name: file.packageName,
        path: file.path,
        original_file_path: file.path,
        macro_sql: body,
        depends_on: { macros: [] },
        description: descriptions.get(name) ?? '',
        arguments: argumentNames(match[2]!),
      };
    }
  }

  /** Best-effort `depends_on.macros`: names called in a macro's body that are macros. */
  private linkDependencies(): void {
    for (const { uniqueId, body } of this.bodies.values()) {
      const found = new Set<string>();
      for (const match of body.matchAll(CALLED_NAME)) {
        const called = match[1]!;
        const id = this.idOf(called);
        if (id && id !== uniqueId) found.add(id);
      }
      const definition = this.definitions[uniqueId];
      if (definition) definition.depends_on.macros = [...found].sort();
    }
  }

  idOf(name: string): string | undefined {
    return this.bodies.get(name)?.uniqueId ?? this.bodies.get(`${name}@builtin`)?.uniqueId;
  }
}

/**
 * The `{% macro %}…{% endmacro %}` blocks of a macro file, or null if it has anything else outside them (text aside
 * from whitespace, a tag, a comment) or a macro inside a macro.
 */
function macroBlocks(text: string): { name: string; start: number; end: number }[] | null {
  const blocks: { name: string; start: number; end: number }[] = [];
  let at = 0;
  for (const match of text.matchAll(MACRO_TAG)) {
    if (text.slice(at, match.index).trim() !== '') return null;
    END_MACRO.lastIndex = match.index + match[0].length;
    const end = END_MACRO.exec(text);
    if (!end) return null;
    const body = text.slice(match.index + match[0].length, end.index);
    if (/\{%-?\s*macro\b/.test(body)) return null;
    blocks.push({ name: match[1]!, start: match.index, end: end.index + end[0].length });
    at = end.index + end[0].length;
  }
  if (text.slice(at).trim() !== '') return null;
  return blocks;
}

function trackCalls(uniqueId: string, macro: MacroFunction): MacroFunction {
  return function trackedMacro(this: unknown, ...args: unknown[]): unknown {
    const state = peekState();
    if (state?.macrosCalled) state.macrosCalled.add(uniqueId);
    return macro.apply(this, args);
  };
}
