import { describe, expect, it } from 'vitest';
import { ChatsemError, ChatsemErrors } from '../core/index.js';
import { chatProject, makeManifest, makeNode } from './__fixtures__/manifest.js';
import { assertAcyclic, buildGraph, childMap, CycleError, executionLevels, findCycles, parentMap } from './index.js';

const model = (name: string, deps: string[] = [], dir = 'models') =>
  makeNode({ id: `model.p.${name}`, file: `${dir}/${name}.sql`, deps: deps.map((d) => (d.includes('.') ? d : `model.p.${d}`)) });

describe('buildGraph', () => {
  const manifest = chatProject();
  const graph = buildGraph(manifest);

  it('holds every enabled node, unit test and source with edges from depends_on', () => {
    expect(graph.size).toBe(17);
    expect(graph.has('model.p.old_model')).toBe(false);
    expect(graph.parents('model.p.fct_conversations')).toEqual(['model.p.int_turns', 'model.p.stg_sessions']);
    expect(graph.children('source.p.rasa.events')).toEqual(['model.p.stg_events', 'test.p.source_not_null_rasa_events_id']);
    expect(graph.graph.edgeCount()).toBe(16);
    expect(graph.graph.node('model.p.stg_events')).toBe(manifest.nodes['model.p.stg_events']);
  });

  it('walks ancestors and descendants, optionally depth-limited', () => {
    expect([...graph.ancestors('model.p.fct_conversations')].sort()).toEqual([
      'model.p.int_turns',
      'model.p.stg_events',
      'model.p.stg_sessions',
      'source.p.rasa.events',
      'source.p.rasa.sessions',
    ]);
    expect([...graph.ancestors('model.p.fct_conversations', 1)].sort()).toEqual(['model.p.int_turns', 'model.p.stg_sessions']);
    expect([...graph.descendants('model.p.int_turns', 1)]).toEqual(['model.p.fct_conversations']);
    expect(graph.descendants('model.p.dim_intents').size).toBe(0);
    // Several seeds at once: a seed upstream of another seed is reported, as dbt's select_parents does.
    expect([...graph.ancestors(['model.p.int_turns', 'model.p.stg_events'])].sort()).toEqual(['model.p.stg_events', 'source.p.rasa.events']);
  });

  it('orders topologically and by level, deterministically', () => {
    const order = graph.topologicalOrder();
    expect(order).toHaveLength(17);
    for (const id of order) {
      for (const parent of graph.parents(id)) expect(order.indexOf(parent)).toBeLessThan(order.indexOf(id));
    }
    expect(graph.topologicalOrder(['model.p.fct_conversations', 'model.p.stg_events', 'nope'])).toEqual([
      'model.p.stg_events',
      'model.p.fct_conversations',
    ]);
    const levels = graph.levels();
    expect(levels[0]).toEqual(['model.chat_pkg.pkg_model', 'seed.p.intents', 'source.p.rasa.events', 'source.p.rasa.sessions']);
    expect(levels[3]).toContain('model.p.fct_conversations');
  });

  it('reports a dependency on a missing or disabled node as a compile error', () => {
    const broken = makeManifest([model('a', ['missing']), model('b', ['old'])], [], [makeNode({ id: 'model.p.old', file: 'models/old.sql' })]);
    let error: unknown;
    try {
      buildGraph(broken);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ChatsemErrors);
    const messages = (error as ChatsemErrors).errors.map((e) => e.message);
    expect(messages).toEqual([
      "model 'model.p.a' depends on 'model.p.missing', which was not found",
      "model 'model.p.b' depends on 'model.p.old', which is disabled",
    ]);
    expect((error as ChatsemErrors).errors[0]!.location?.file).toBe('models/a.sql');
  });
});

describe('findCycles', () => {
  it('reports the whole chain and the files involved', () => {
    const graph = buildGraph(makeManifest([model('a', ['c']), model('b', ['a'], 'models/sub'), model('c', ['b']), model('d', ['c'])]));
    const cycles = findCycles(graph);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toBeInstanceOf(CycleError);
    expect(cycles[0]!.message).toBe('Found a cycle: model.p.a > model.p.b > model.p.c > model.p.a');
    expect(cycles[0]!.files).toEqual(['models/a.sql', 'models/sub/b.sql', 'models/c.sql']);
    expect(cycles[0]!.hint).toContain('models/a.sql, models/sub/b.sql, models/c.sql');
    expect(cycles[0]!.exitCode).toBe(2);
    expect(cycles[0]!.location?.file).toBe('models/a.sql');
    expect(() => assertAcyclic(graph)).toThrow(CycleError);
    expect(() => graph.topologicalOrder()).toThrow('Found a cycle');
  });

  it('reports every independent cycle, including a self-reference', () => {
    const graph = buildGraph(
      makeManifest([model('a', ['b']), model('b', ['a']), model('x', ['z']), model('y', ['x']), model('z', ['y']), model('s', ['s']), model('ok', ['a'])]),
    );
    expect(findCycles(graph).map((error) => error.message)).toEqual([
      'Found a cycle: model.p.a > model.p.b > model.p.a',
      'Found a cycle: model.p.s > model.p.s',
      'Found a cycle: model.p.x > model.p.y > model.p.z > model.p.x',
    ]);
    let error: unknown;
    try {
      assertAcyclic(graph);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ChatsemErrors);
    expect((error as ChatsemErrors).errors).toHaveLength(3);
  });

  it('finds nothing in a DAG and survives a 20,000-node chain', () => {
    expect(findCycles(buildGraph(chatProject()))).toEqual([]);
    const chain = Array.from({ length: 20_000 }, (_, i) => model(`m${i}`, i === 0 ? [] : [`m${i - 1}`]));
    const graph = buildGraph(makeManifest(chain));
    expect(findCycles(graph)).toEqual([]);
    expect(executionLevels(graph, ['model.p.m0', 'model.p.m19999'])).toEqual([['model.p.m0'], ['model.p.m19999']]);
  });

  it('is a ChatsemError so the CLI prints it without a stack', () => {
    const [cycle] = findCycles(buildGraph(makeManifest([model('a', ['a'])])));
    expect(cycle).toBeInstanceOf(ChatsemError);
  });
});

describe('executionLevels', () => {
  // a → b → c, a → d, e (independent), c → f
  const graph = buildGraph(makeManifest([model('a'), model('b', ['a']), model('c', ['b']), model('d', ['a']), model('e'), model('f', ['c'])]));
  const ids = (...names: string[]) => names.map((n) => `model.p.${n}`);

  it('groups nodes that can run in parallel', () => {
    expect(executionLevels(graph, ids('a', 'b', 'c', 'd', 'e', 'f'))).toEqual([ids('a', 'e'), ids('b', 'd'), ids('c'), ids('f')]);
  });

  it('respects dependencies through unselected nodes', () => {
    expect(executionLevels(graph, ids('a', 'c'))).toEqual([ids('a'), ids('c')]);
    expect(executionLevels(graph, ids('a', 'f', 'e'))).toEqual([ids('a', 'e'), ids('f')]);
    expect(executionLevels(graph, ids('c', 'd'))).toEqual([ids('c', 'd')]);
  });

  it('leaves out sources and unknown ids', () => {
    const project = buildGraph(chatProject());
    expect(executionLevels(project, ['source.p.rasa.events', 'model.p.stg_events', 'nope'])).toEqual([['model.p.stg_events']]);
    expect(executionLevels(project, [])).toEqual([]);
  });
});

describe('parentMap / childMap', () => {
  it('has every node, unit test and source as a key, keys and values sorted', () => {
    const manifest = chatProject();
    const parents = parentMap(manifest);
    const children = childMap(manifest);
    expect(Object.keys(parents)).toEqual(Object.keys(parents).sort());
    expect(Object.keys(parents)).toContain('source.p.rasa.events');
    expect(Object.keys(parents)).toContain('unit_test.p.fct_conversations.counts_turns');
    expect(Object.keys(children)).toEqual(Object.keys(parents));
    expect(parents['source.p.rasa.events']).toEqual([]);
    expect(parents['model.p.fct_conversations']).toEqual(['model.p.int_turns', 'model.p.stg_sessions']);
    expect(children['model.p.fct_conversations']).toEqual([
      'test.p.assert_positive_turns',
      'test.p.relationships_fct_conversations_session_id__ref_stg_sessions_',
      'test.p.relationships_fct_conversations_user_id__user_id__ref_dim_users_',
      'test.p.unique_fct_conversations_conversation_id',
      'unit_test.p.fct_conversations.counts_turns',
    ]);
  });
});
