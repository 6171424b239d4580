/**
 * Renders a built-in test macro with plain nunjucks, the way the compiler turns `{% test x(...) %}` into macro
 * `test_x` and calls it with `model`, `column_name` and the arguments. Test-only; used until the compiler's
 * ProjectCompiler.callMacro is available.
 */
import nunjucks from 'nunjucks';
import { builtinTestMacros } from '../index.js';

nunjucks.installJinjaCompat();
const env = new nunjucks.Environment(null, { autoescape: false });

const macros = builtinTestMacros
  .map((file) => file.source.replace(/\{%-?\s*test\s+(\w+)\s*\(/g, '{% macro test_$1(').replace(/\{%-?\s*endtest\s*-?%\}/g, '{% endmacro %}'))
  .join('\n');

const exceptions = {
  raise_compiler_error(message: string): never {
    throw new Error(message);
  },
};

export function renderTestMacro(name: string, args: Record<string, unknown>): string {
  // One context variable per argument: jinja-compat member lookup turns `x.values` into dict.values().
  const call = `{{ test_${name}(${Object.keys(args).map((k) => `${k}=__arg_${k}`).join(', ')}) }}`;
  const context = Object.fromEntries(Object.entries(args).map(([k, v]) => [`__arg_${k}`, v]));
  try {
    return env.renderString(`${macros}\n${call}`, { ...context, exceptions }).trim();
  } catch (error) {
    // nunjucks wraps errors raised in templates; surface the original message.
    throw new Error((error as Error).message.replace(/^\(unknown path\)\s*(\[Line \d+, Column \d+\])?\s*/, '').replace(/^\s*Error: /, ''));
  }
}
