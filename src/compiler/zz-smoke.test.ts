import { it, expect } from 'vitest';
import { compileFixture } from './__fixtures__/compile-fixture.js';
it('smoke', async () => {
  const r = await compileFixture({
    'models/a.sql': "{{ config(materialized='table') }}\nselect 1 as id",
    'models/b.sql': "select * from {{ ref('a') }} where x = {{ var('x', 3) }}\n{% for c in ['p','q'] %}{{ c|upper }}{% if not loop.last %},{% endif %}{% endfor %}",
    'models/schema.yml': "version: 2\nmodels:\n  - name: a\n    columns:\n      - name: id\n        tests: [not_null, unique]\n",
  });
  console.log(r.errors.map(e => e.message), r.timings);
  for (const n of Object.values(r.manifest.nodes)) console.log(n.unique_id, JSON.stringify(n.compiled_code), n.depends_on);
});
