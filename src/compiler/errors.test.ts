import { describe, expect, it } from 'vitest';
import { CompilationError, describeError } from '../core/index.js';
import { compileFixture } from './__fixtures__/compile-fixture.js';
import { setFastTemplates } from './jinja-environment.js';

describe('compile errors', () => {
  it('unknown ref names the referencing node with file:line and suggests close names', async () => {
    const { errors } = await compileFixture({
      'models/customers.sql': 'select 1 as id',
      'models/y.sql': "select 1\nunion all\nselect * from {{ ref('customer') }}",
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(CompilationError);
    expect(errors[0]!.message).toBe("model 'customer' not found (referenced by model y in models/y.sql:3)");
    expect(errors[0]!.hint).toBe("Did you mean 'customers'?");
    expect(errors[0]!.location).toEqual({ file: 'models/y.sql', line: 3 });
    expect(errors[0]!.node).toBe('model.fixture.y');
  });

  it('unknown source likewise', async () => {
    const { errors } = await compileFixture({
      'models/sources.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: events\n',
      'models/m.sql': "\nselect * from {{ source('raw', 'event') }}",
    });
    expect(errors.map(describeError)).toEqual(["models/m.sql:2: source 'raw.event' not found (referenced by model m in models/m.sql:2)\n  Did you mean 'raw.events'?"]);
  });

  it('a missing var names the model, its file and how to pass the var', async () => {
    const { errors } = await compileFixture({ 'models/m.sql': "select 1\nwhere d > '{{ var(\"start_date\") }}'" });
    expect(errors).toHaveLength(1);
    expect(describeError(errors[0]!)).toBe(
      "models/m.sql:2:18: Required var 'start_date' is not defined for model m (models/m.sql)\n  Pass it with `--vars start_date=value` or set it under `vars:` in dbt_project.yml.",
    );
  });

  it('a missing env var names the node and the variable', async () => {
    const { errors } = await compileFixture({ 'models/m.sql': "select '{{ env_var('CHATSEM_NOPE') }}'" });
    expect(errors[0]!.message).toBe("Environment variable 'CHATSEM_NOPE' is not set; env_var('CHATSEM_NOPE') is used by model m (models/m.sql)");
  });

  it('raise_compiler_error keeps its message, with the line of the call', async () => {
    for (const fast of [true, false]) {
      setFastTemplates(fast);
      const { errors } = await compileFixture({ 'models/m.sql': "select 1\n\n{{ exceptions.raise_compiler_error('bad input') }}" });
      setFastTemplates(true);
      expect(errors.map(describeError)).toEqual(['models/m.sql:3:35: bad input']);
    }
  });

  it('syntax errors give the file and line', async () => {
    const { errors } = await compileFixture({ 'models/m.sql': 'select\n  {{ foo( }}\n' });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toBe('Syntax error in model m: unexpected token: }}');
    expect(errors[0]!.location).toMatchObject({ file: 'models/m.sql', line: 2 });
  });

  it('an unclosed block says so', async () => {
    const { errors } = await compileFixture({ 'models/m.sql': 'select 1\n{% if true %}\nx' });
    expect(errors[0]!.message).toMatch(/^Syntax error in model m: parseIf: expected elif, else, or endif, got end of file/);
    expect(errors[0]!.hint).toMatch(/not closed/);
  });

  it('errors inside macros point at the calling line', async () => {
    const { errors } = await compileFixture({
      'macros/m.sql': '{% macro broken() %}{{ undefined_function() }}{% endmacro %}',
      'models/m.sql': 'select\n{{ broken() }}',
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toBe('Error rendering model m: Unable to call `undefined_function`, which is undefined or falsey');
    expect(errors[0]!.location).toMatchObject({ file: 'models/m.sql', line: 2 });
  });

  it('two models with one name are an error naming both files', async () => {
    const { errors } = await compileFixture({ 'models/a/dup.sql': 'select 1', 'models/b/dup.sql': 'select 2' });
    expect(errors.map((e) => e.message)).toEqual(["Two resources are named 'dup': models/a/dup.sql (model) and models/b/dup.sql (model)"]);
  });

  it('collects every error of the project in one compile', async () => {
    const { errors, manifest } = await compileFixture({
      'models/a.sql': "select * from {{ ref('nope') }}",
      'models/b.sql': '{{ var("missing") }}',
      'models/c.sql': '{% if %}',
      'models/ok.sql': 'select 1',
    });
    expect(errors.map((e) => e.node).sort()).toEqual(['model.fixture.a', 'model.fixture.b', 'model.fixture.c']);
    expect(manifest.nodes['model.fixture.ok']!.compiled_code).toBe('select 1');
  });
});
