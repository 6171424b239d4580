/** Compiling a node's file once and rendering it: the render function stored on each NodeBuild. */
import type { ChatsemError } from '../core/index.js';
import { preprocessJinja } from './jinja-blocks.js';
import { compileRoot } from './jinja-environment.js';
import type { RootRenderFunction } from './jinja-environment.js';
import { runRoot } from './render-state.js';
import type { RenderState } from './render-state.js';
import { syntaxError } from './template-errors.js';

/** Jinja drops one trailing newline of a template (keep_trailing_newline=False); dbt's compiled SQL shows that. */
export function dropTrailingNewline(text: string): string {
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

export type NodeRender = (state: RenderState) => string;

/** Compiles `text` (a node's SQL template) or returns the syntax error naming `subject`. */
export function compileNodeTemplate(
  text: string,
  file: string,
  subject: string,
  node: string,
): { render: NodeRender; error?: undefined } | { render?: undefined; error: ChatsemError } {
  let root: RootRenderFunction;
  try {
    root = compileRoot(preprocessJinja(text), file);
  } catch (error) {
    return { error: syntaxError(error, { file, subject, node }) };
  }
  return { render: (state) => dropTrailingNewline(runRoot(root, state)) };
}

/** Small templates (source schemas, test arguments, hooks) compiled once per distinct text. */
export class TemplateCache {
  private readonly roots = new Map<string, RootRenderFunction>();

  root(text: string, name: string): RootRenderFunction {
    let root = this.roots.get(text);
    if (!root) {
      root = compileRoot(preprocessJinja(text), name);
      this.roots.set(text, root);
    }
    return root;
  }

  render(text: string, name: string, state: RenderState): string {
    if (!text.includes('{{') && !text.includes('{%') && !text.includes('{#')) return text;
    return runRoot(this.root(text, name), state);
  }
}
