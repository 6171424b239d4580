import { afterAll, describe, expect, it } from 'vitest';
import { templateCompiler } from './__fixtures__/compile-fixture.js';
import { setFastTemplates } from './jinja-environment.js';

/** Template → expected output; every case runs on both engines (the fast path and nunjucks). */
const CASES: [string, string][] = [
  // Jinja literals and operators
  ['{{ True }} {{ False }} {{ None is none }}', 'true false true'],
  ["{{ 'a' ~ 1 ~ 'b' }}", 'a1b'],
  ['{{ 7 // 2 }} {{ 2 ** 3 }} {{ 7 % 3 }} {{ -3 }}', '3 8 1 -3'],
  ["{{ 'x' if 1 > 2 else 'y' }}", 'y'],
  ['{{ 1 in [1, 2] }} {{ 3 not in [1, 2] }}', 'true true'],
  ["{{ {'a': 1}['a'] }} {{ {'a': {'b': 2} }.a.b }}", '1 2'],
  // tests, including `is not`
  ['{{ none is none }} {{ 1 is not none }} {{ x is defined }} {{ x is undefined }}', 'true true false true'],
  ["{{ 'a' is string }} {{ 1 is number }} {{ {} is mapping }} {{ [] is iterable }} {{ 'ab' is sequence }}", 'true true true true true'],
  ['{{ true is true }} {{ false is false }} {{ 1 is true }}', 'true true false'],
  ['{{ [1, 2] | select("odd") | list }} {{ [1, 2] | reject("odd") | list }}', '1 2'],
  // Python string methods
  ["{{ 'Abc'.upper() }} {{ 'Abc'.lower() }} {{ '  x '.strip() }}|{{ 'xxaxx'.lstrip('x') }}|{{ 'xxaxx'.rstrip('x') }}", 'ABC abc x|axx|xxa'],
  ["{{ 'a,b,c'.split(',') | join('-') }} {{ 'a b  c'.split() | length }}", 'a-b-c 3'],
  ["{{ 'abc'.startswith('ab') }} {{ 'abc'.endswith('bc') }} {{ 'aXa'.replace('a', 'b') }}", 'true true bXb'],
  ["{{ 'hello world'.title() }} {{ 'hELLO'.capitalize() }}", 'Hello World Hello'],
  ["{{ '{} + {}'.format(1, 2) }} {{ '{name}!'.format(name='x') }} {{ '-'.join(['a', 'b']) }}", '1 + 2 x! a-b'],
  ["{{ 'banana'.count('a') }} {{ 'banana'.index('n') }}", '3 2'],
  // dict and list methods
  ["{% set d = {'a': 1} %}{% do d.update({'b': 2}) %}{{ d.keys() | join(',') }} {{ d.values() | sum }} {{ d.get('z', 9) }}", 'a,b 3 9'],
  ["{% set d = {'a': 1} %}{% for k, v in d.items() %}{{ k }}={{ v }}{% endfor %}", 'a=1'],
  ['{% set l = [1] %}{% do l.append(2) %}{% do l.extend([3, 4]) %}{{ l.pop() }} {{ l | join(",") }} {{ l.count(1) }} {{ l.index(2) }}', '4 1,2,3 1 1'],
  // methods on macro output (SafeString)
  ["{% macro m() %}Abc{% endmacro %}{{ m().upper() }} {{ m().strip().lower() }}", 'ABC abc'],
  // filters
  ["{{ ['a', 'b'] | join(', ') }} {{ 'AB' | lower }} {{ 'ab' | upper }} {{ x | default('d') }} {{ x | d('e') }}", 'a, b ab AB d e'],
  ["{{ 'aXa' | replace('a', 'b') }} {{ '  t  ' | trim }} {{ [1, 2, 3] | length }} {{ 'abc' | count }}", 'bXb t 3 3'],
  ["{{ {'a': [1, 'x']} | tojson }}", '{"a": [1, "x"]}'],
  ["{{ 'ab' | list | join('|') }} {{ [1, 1, 2] | unique | join }}", 'a|b 12'],
  ["{{ [{'n': 'a'}, {'n': 'b'}] | map(attribute='n') | join }} {{ ['a', 'b'] | map('upper') | join }}", 'ab AB'],
  ["{{ [{'n': 1}, {'n': 2}] | selectattr('n', 'equalto', 2) | map(attribute='n') | join }} {{ [{'n': 1}, {'n': 0}] | rejectattr('n') | length }}", '2 1'],
  ["{{ '3' | int + 1 }} {{ '1.5' | float * 2 }} {{ 3 | string ~ 'x' }} {{ -2 | abs }} {{ 2.567 | round(2) }}", '4 3 3x 2 2.57'],
  ['{{ [1, 2, 3] | sum }} {{ [3, 1, 2] | min }} {{ [3, 1, 2] | max }} {{ [3, 1] | first }} {{ [3, 1] | last }}', '6 1 3 3 1'],
  ["{{ [3, 1, 2] | sort | join }} {{ [3, 1, 2] | sort(reverse=true) | join }} {{ [1, 2] | reverse | join }}", '123 321 21'],
  ["{% for b in [1, 2, 3] | batch(2) %}[{{ b | join }}]{% endfor %}", '[12][3]'],
  ["{{ 'a\nb' | indent(2) }}", 'a\n  b'],
  ["{{ 1 | as_text }} {{ 'true' | as_bool }} {{ '3' | as_number + 1 }} {{ '[1, 2]' | as_native | length }}", '1 true 4 2'],
  // loops, whitespace control, sets
  ["{% for x in ['a', 'b', 'c'] %}{{ x }}{% if not loop.last %},{% endif %}{% endfor %}", 'a,b,c'],
  ['{% for x in [1, 2] %}{{ loop.index }}{{ loop.index0 }}{{ loop.first }}{{ loop.length }}|{% endfor %}', '10true2|21false2|'],
  ['{% for x in [] %}x{% else %}empty{% endfor %}', 'empty'],
  ['a  {%- if true -%}  b  {%- endif -%}  c', 'abc'],
  ['a\n  {{- 1 -}}\n  b {# comment #} c {#- trimmed -#} d', 'a1b  cd'],
  ['{% set x = 1 %}{% if x == 1 %}one{% elif x == 2 %}two{% else %}other{% endif %}', 'one'],
  ['{% set ns = namespace(n=0) %}{% for i in range(3) %}{% set ns.n = ns.n + i %}{% endfor %}{{ ns.n }}', '3'],
  ['{% set s %}captured {{ 1 }}{% endset %}{{ s | trim }}', 'captured 1'],
  // Python built-ins
  ['{{ range(3) | join }} {{ range(1, 6, 2) | join }}', '012 135'],
  ["{% for a, b in zip([1, 2], ['x', 'y']) %}{{ a }}{{ b }}{% endfor %}", '1x2y'],
  ["{{ set([1, 2, 1]) | join }} {{ fromjson('{\"a\": 2}').a }} {{ tojson({'b': 1}) }}", '12 2 {"b": 1}'],
  ["{{ fromyaml('a: [1, 2]').a | sum }} {{ toyaml({'k': 'v'}) | trim }}", '3 k: v'],
  ["{{ modules.re.sub('a+', 'b', 'caaat') }} {{ modules.re.search('(\\\\d+)', 'ab12').group(1) }} {{ modules.re.findall('\\\\d', 'a1b2') | join }}", 'cbt 12 12'],
  ["{{ modules.re.match('x', 'ax') is none }} {{ modules.re.compile('A', modules.re.I).search('xa') is not none }}", 'true true'],
  ["{{ modules.datetime.date(2024, 1, 31).strftime('%Y/%m/%d') }} {{ modules.datetime.timedelta(days=1, hours=2).total_seconds() }}", '2024/01/31 93600'],
  ["{{ run_started_at.strftime('%Y-%m-%d %H:%M') }} {{ run_started_at.isoformat() }}", '2024-03-05 06:07 2024-03-05T06:07:08.123000+00:00'],
  ['{{ literal("it\'s") }} {{ literal([\'a\', 1, true, none]) }}', "'it''s' 'a', 1, true, null"],
];

for (const fast of [true, false]) {
  describe(`Jinja bridge (${fast ? 'fast path' : 'nunjucks'})`, () => {
    setFastTemplates(fast);
    const compiler = templateCompiler();
    afterAll(() => setFastTemplates(true));
    it.each(CASES)('%s', async (template, expected) => {
      setFastTemplates(fast);
      expect(await compiler.renderTemplate(template, null, null)).toBe(expected);
    });
  });
}

describe('Jinja bridge: macros', () => {
  it('renders the same model with and without the fast path', async () => {
    const template = "{%- set cols = ['a', 'b'] -%}\nselect {% for c in cols %}{{ c | upper }} as {{ c }}{{ ',' if not loop.last }}{% endfor %}\nfrom t where x = {{ 1 + 2 * 3 }}";
    setFastTemplates(true);
    const fast = await templateCompiler().renderTemplate(template, null, null);
    setFastTemplates(false);
    const slow = await templateCompiler().renderTemplate(template, null, null);
    setFastTemplates(true);
    expect(fast).toBe(slow);
    expect(fast).toBe('select A as a,B as b\nfrom t where x = 7');
  });
});
