import { describe, expect, it } from 'vitest';
import { ChatsemError } from '../core/index.js';
import { chatProject } from './__fixtures__/manifest.js';
import { buildGraph, selectNodes, type SelectOptions } from './index.js';

const manifest = chatProject();
const graph = buildGraph(manifest);

// Short names for the fixture's ids (see __fixtures__/manifest.ts for the DAG).
const ids = {
  S_EV: 'source.p.rasa.events',
  S_SE: 'source.p.rasa.sessions',
  STG_E: 'model.p.stg_events',
  STG_S: 'model.p.stg_sessions',
  INT: 'model.p.int_turns',
  FCT: 'model.p.fct_conversations',
  DIM_U: 'model.p.dim_users',
  DIM_I: 'model.p.dim_intents',
  SEED: 'seed.p.intents',
  PKG: 'model.chat_pkg.pkg_model',
  T_NN: 'test.p.not_null_stg_events_event_id',
  T_UQ: 'test.p.unique_fct_conversations_conversation_id',
  T_REL: 'test.p.relationships_fct_conversations_user_id__user_id__ref_dim_users_',
  T_REL2: 'test.p.relationships_fct_conversations_session_id__ref_stg_sessions_',
  T_SRC: 'test.p.source_not_null_rasa_events_id',
  T_SING: 'test.p.assert_positive_turns',
  UT: 'unit_test.p.fct_conversations.counts_turns',
} as const;
type Short = keyof typeof ids;

const FCT_TESTS: Short[] = ['T_UQ', 'T_REL', 'T_REL2', 'T_SING', 'UT'];
const STAGING_FOLDER: Short[] = ['STG_E', 'STG_S', 'T_NN', 'T_SRC', 'S_EV', 'S_SE', 'T_REL2'];

function select(options: SelectOptions): Short[] {
  const reverse = new Map(Object.entries(ids).map(([short, id]) => [id as string, short as Short]));
  return [...selectNodes(manifest, graph, options)].map((id) => reverse.get(id) ?? (id as Short)).sort();
}

const sorted = (names: Short[]): Short[] => [...names].sort();

describe('selectNodes: methods (eager indirect selection)', () => {
  const cases: [string, Short[]][] = [
    ['stg_events', ['STG_E', 'T_NN']],
    ['stg_*', ['STG_E', 'STG_S', 'T_NN', 'T_REL2']],
    ['stg_event?', ['STG_E', 'T_NN']],
    ['p.staging.*', ['STG_E', 'STG_S', 'T_NN', 'T_SRC', 'T_REL2']],
    ['staging', ['STG_E', 'STG_S', 'T_NN', 'T_SRC', 'T_REL2']],
    ['chat_pkg', ['PKG']],
    ['fqn:p.marts.fct_conversations', ['FCT', ...FCT_TESTS]],
    ['fqn:chat_pkg.*', ['PKG']],
    ['tag:nightly', ['STG_E', 'FCT', 'T_NN', ...FCT_TESTS]],
    ['tag:night*', ['STG_E', 'FCT', 'T_NN', ...FCT_TESTS]],
    ['tag:raw', ['S_EV', 'T_SRC']],
    ['tag:quality', ['T_SING']],
    ['path:models/staging', STAGING_FOLDER],
    ['models/staging/', STAGING_FOLDER],
    ['./models/staging', STAGING_FOLDER],
    ['path:models/stag*', STAGING_FOLDER],
    ['path:models/marts/*.sql', ['FCT', 'DIM_U', 'DIM_I', ...FCT_TESTS]],
    ['path:models/marts/marts.yml', ['FCT', ...FCT_TESTS]],
    ['path:models/**/stg_*.sql', ['STG_E', 'STG_S', 'T_NN', 'T_REL2']],
    ['path:seeds', ['SEED']],
    ['path:tests/assert_positive_turns.sql', ['T_SING']],
    ['file:stg_events.sql', ['STG_E', 'T_NN']],
    ['stg_events.sql', ['STG_E', 'T_NN']],
    ['file:stg_events', ['STG_E', 'T_NN']],
    ['intents.csv', ['SEED']],
    ['source:rasa', ['S_EV', 'S_SE', 'T_SRC']],
    ['source:rasa.events', ['S_EV', 'T_SRC']],
    ['source:p.rasa.sess*', ['S_SE']],
    ['source:*', ['S_EV', 'S_SE', 'T_SRC']],
    ['source:nope', []],
    ['resource_type:seed', ['SEED']],
    ['resource_type:source', ['S_EV', 'S_SE', 'T_SRC']],
    ['resource_type:unit_test', ['UT']],
    ['resource_type:exposure', []],
    ['config.materialized:incremental', ['FCT', ...FCT_TESTS]],
    ['config.materialized:table', ['DIM_U', 'DIM_I', 'T_REL']],
    ['config.meta.owner:ana', ['FCT', ...FCT_TESTS]],
    ['config.full_refresh:false', ['FCT', ...FCT_TESTS]],
    ['config.full_refresh:true', []],
    ['config.limit:100', ['FCT', ...FCT_TESTS]],
    ['config.tags:staging', ['STG_E', 'STG_S', 'T_NN', 'T_REL2']],
    ['config.severity:WARN', ['T_UQ']],
    ['config.unique_key:conversation_id', ['FCT', ...FCT_TESTS]],
    ['config.no_such_key:x', []],
    ['test_type:generic', ['T_NN', 'T_UQ', 'T_REL', 'T_REL2', 'T_SRC']],
    ['test_type:schema', ['T_NN', 'T_UQ', 'T_REL', 'T_REL2', 'T_SRC']],
    ['test_type:singular', ['T_SING']],
    ['test_type:data', ['T_SING']],
    ['test_type:unit', ['UT']],
    ['test_name:not_null', ['T_NN', 'T_SRC']],
    ['test_name:rel*', ['T_REL', 'T_REL2']],
    ['test_name:counts_turns', ['UT']],
    ['package:chat_pkg', ['PKG']],
    ['package:this,resource_type:seed', ['SEED']],
    ['exposure:weekly_report', []],
    ['metric:revenue', []],
    ['unit_test:counts_turns', ['UT']],
    ['unit_test:p.counts_*', ['UT']],
    ['unit_test:other.counts_turns', []],
    ['group:finance', []],
    ['access:protected,dim_users', ['DIM_U', 'T_REL']],
  ];
  it.each(cases)('%s', (spec, expected) => {
    expect(select({ select: [spec] })).toEqual(sorted(expected));
  });
});

describe('selectNodes: graph operators', () => {
  const cases: [string, Short[]][] = [
    ['+fct_conversations', ['FCT', 'INT', 'STG_E', 'STG_S', 'S_EV', 'S_SE']],
    ['1+fct_conversations', ['FCT', 'INT', 'STG_S']],
    ['2+fct_conversations+1', ['FCT', 'INT', 'STG_S', 'STG_E', 'S_SE', ...FCT_TESTS]],
    ['stg_events+', ['STG_E', 'INT', 'FCT', 'DIM_U', 'T_NN', ...FCT_TESTS]],
    ['stg_events+1', ['STG_E', 'INT', 'DIM_U', 'T_NN']],
    ['@int_turns', ['INT', 'FCT', ...FCT_TESTS, 'STG_E', 'S_EV', 'STG_S', 'S_SE', 'DIM_U']],
    ['+tag:quality', ['T_SING', 'FCT', 'INT', 'STG_E', 'STG_S', 'S_EV', 'S_SE']],
    ['0+fct_conversations', ['FCT']],
  ];
  it.each(cases)('%s (indirect selection empty)', (spec, expected) => {
    expect(select({ select: [spec], indirectSelection: 'empty' })).toEqual(sorted(expected));
  });
});

describe('selectNodes: union, intersection, exclude', () => {
  it('unions space-separated specs and separate arguments alike', () => {
    const expected = sorted(['STG_E', 'DIM_U']);
    expect(select({ select: ['stg_events dim_users'], indirectSelection: 'empty' })).toEqual(expected);
    expect(select({ select: ['stg_events', '  dim_users '], indirectSelection: 'empty' })).toEqual(expected);
  });

  it('intersects comma-joined criteria', () => {
    expect(select({ select: ['tag:nightly,config.materialized:incremental'], indirectSelection: 'empty' })).toEqual(['FCT']);
    // Each criterion pulls in its own tests before the intersection, as in dbt.
    expect(select({ select: ['tag:nightly,config.materialized:incremental'] })).toEqual(sorted(['FCT', ...FCT_TESTS]));
    // resource_type:model pulls in every test of a model too, so tests survive such an intersection (dbt does the same).
    expect(select({ select: ['tag:staging,tag:nightly,resource_type:model'] })).toEqual(sorted(['STG_E', 'T_NN', 'T_REL2']));
    expect(select({ select: ['tag:staging,tag:nightly,resource_type:model'], indirectSelection: 'empty' })).toEqual(['STG_E']);
  });

  it('subtracts --exclude after graph operators', () => {
    expect(select({ select: ['tag:nightly'], exclude: ['stg_events'] })).toEqual(sorted(['FCT', ...FCT_TESTS]));
    expect(select({ select: ['+fct_conversations'], exclude: ['source:*', 'tag:staging'], indirectSelection: 'empty' })).toEqual(
      sorted(['FCT', 'INT']),
    );
  });

  it('excludes a test when any of its parents is excluded', () => {
    expect(select({ select: ['fct_conversations'], exclude: ['dim_users'] })).toEqual(sorted(['FCT', 'T_UQ', 'T_REL2', 'T_SING', 'UT']));
    expect(select({ select: ['+dim_users'], exclude: ['stg_events'] })).toEqual(sorted(['DIM_U', 'S_EV', 'T_REL', 'T_SRC']));
  });

  it('selects every enabled node and source by default, never disabled ones', () => {
    const all = select({});
    expect(all).toEqual(sorted(Object.keys(ids) as Short[]));
    expect(select({ select: [] })).toEqual(all);
    expect(select({ select: ['   '] })).toEqual(all);
    expect([...selectNodes(manifest, graph, {})]).not.toContain('model.p.old_model');
    expect(select({ exclude: ['tag:nightly'] })).not.toContain('FCT');
  });

  it('warns about a --select spec that matches nothing', () => {
    const warnings: string[] = [];
    expect(select({ select: ['no_such_model stg_events'], indirectSelection: 'empty', warn: (w) => warnings.push(w) })).toEqual(['STG_E']);
    expect(warnings).toEqual(["The selection criterion 'no_such_model' does not match any enabled nodes"]);
  });
});

describe('selectNodes: indirect selection modes', () => {
  const nightly: Record<string, Short[]> = {
    eager: ['STG_E', 'FCT', 'T_NN', ...FCT_TESTS],
    cautious: ['STG_E', 'FCT', 'T_NN', 'T_UQ', 'T_SING', 'UT'],
    // T_REL2's other parent (stg_sessions) is upstream of the selection, so it can be built.
    buildable: ['STG_E', 'FCT', 'T_NN', 'T_UQ', 'T_SING', 'UT', 'T_REL2'],
    empty: ['STG_E', 'FCT'],
  };
  it.each(Object.entries(nightly))('tag:nightly with %s', (mode, expected) => {
    expect(select({ select: ['tag:nightly'], indirectSelection: mode as SelectOptions['indirectSelection'] })).toEqual(sorted(expected));
  });

  it('cautious selects a test once all its parents are selected by different specs', () => {
    expect(select({ select: ['fct_conversations dim_users'], indirectSelection: 'cautious' })).toEqual(
      sorted(['FCT', 'DIM_U', 'T_UQ', 'T_SING', 'UT', 'T_REL']),
    );
  });

  it('tests on sources follow source: selection', () => {
    expect(select({ select: ['source:rasa.events'], resourceTypes: ['test'] })).toEqual(['T_SRC']);
    expect(select({ select: ['source:rasa.events'], resourceTypes: ['test'], indirectSelection: 'empty' })).toEqual([]);
  });
});

describe('selectNodes: resource-type filter', () => {
  it('is applied last', () => {
    expect(select({ resourceTypes: ['model'] })).toEqual(sorted(['STG_E', 'STG_S', 'INT', 'FCT', 'DIM_U', 'DIM_I', 'PKG']));
    expect(select({ select: ['fct_conversations'], resourceTypes: ['test'] })).toEqual(sorted(['T_UQ', 'T_REL', 'T_REL2', 'T_SING']));
    expect(select({ select: ['fct_conversations'], resourceTypes: ['unit_test'] })).toEqual(['UT']);
    expect(select({ select: ['+fct_conversations'], excludeResourceTypes: ['test', 'unit_test'] })).toEqual(
      sorted(['FCT', 'INT', 'STG_E', 'STG_S', 'S_EV', 'S_SE']),
    );
    expect(select({ select: ['+fct_conversations'], resourceTypes: ['source'] })).toEqual(sorted(['S_EV', 'S_SE']));
  });
});

describe('selectNodes: invalid selectors', () => {
  const cases: [string, RegExp][] = [
    ['foo:bar', /"foo" is not a selector method/],
    ['state:modified', /not supported/],
    ['@+stg_events', /cannot be combined/],
    ['test_type:bogus', /not a test type/],
    ['resource_type:bogus', /not a resource type/],
    ['source:a.b.c.d', /sources are selected as/],
    ['tag:', /has no value/],
    ['config:x', /needs a key/],
    ['tag.x:y', /only the config method/],
  ];
  it.each(cases)('%s', (spec, message) => {
    let error: unknown;
    try {
      selectNodes(manifest, graph, { select: [spec] });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ChatsemError);
    expect((error as ChatsemError).message).toMatch(message);
    expect((error as ChatsemError).exitCode).toBe(2);
  });

  it('lists the valid methods for an unknown one', () => {
    expect(() => selectNodes(manifest, graph, { select: ['foo:bar'] })).toThrowError(
      expect.objectContaining({ hint: expect.stringContaining('tag, path, file, source') }),
    );
  });
});
