/** Source definitions from properties YAML, with their schema rendered (it may contain `{{ var(...) }}`). */
import { Relation } from '../core/index.js';
import type { ChatsemError, Project, SourceDefinition } from '../core/index.js';
import type { Session } from './compile-session.js';
import { mergeConfig } from './config-merge.js';
import { treeConfig } from './config-resolver.js';
import type { TemplateCache } from './node-templates.js';
import { columnInfos, foldersUnder } from './properties-index.js';
import { RenderState } from './render-state.js';
import { renderError, syntaxError } from './template-errors.js';

export function buildSources(project: Project, session: Session, templates: TemplateCache, errors: ChatsemError[]): void {
  const projectName = project.config.name;
  const paths = project.config.paths;
  const rendered = new Map<string, string>();
  for (const file of project.properties) {
    for (const source of file.sources ?? []) {
      const schemaText = source.schema || source.name;
      let schema = rendered.get(schemaText);
      if (schema === undefined) {
        const context = { file: file.path, subject: `the schema of source ${source.name}`, fallback: source.location };
        try {
          templates.root(schemaText, file.path);
        } catch (error) {
          errors.push(syntaxError(error, { ...context, lineOffset: (source.location.line ?? 1) - 1 }));
          continue;
        }
        try {
          schema = templates.render(schemaText, file.path, new RenderState(session, null, 'compile')).trim();
        } catch (error) {
          errors.push(renderError(error, { ...context, lineOffset: (source.location.line ?? 1) - 1 }));
          continue;
        }
        rendered.set(schemaText, schema);
      }
      for (const table of source.tables) {
        const fqn = [projectName, ...foldersUnder(file.path, paths.modelPaths), source.name, table.name];
        const config = mergeConfig(mergeConfig(treeConfig(project.config.sources, fqn), source.config), table.config);
        const key = `${source.name}.${table.name}`;
        if (config.enabled === false) {
          session.disabledSources.add(key);
          continue;
        }
        const identifier = table.identifier ?? table.name;
        const definition: SourceDefinition = {
          unique_id: `source.${projectName}.${source.name}.${table.name}`,
          resource_type: 'source',
          name: table.name,
          source_name: source.name,
          package_name: projectName,
          identifier,
          schema,
          database: source.database ?? null,
          relation_name: new Relation({ schema, identifier }).render(),
          fqn,
          path: file.path,
          original_file_path: file.path,
          description: table.description ?? '',
          source_description: source.description ?? '',
          loaded_at_field: table.loadedAtField ?? source.loadedAtField ?? null,
          freshness: table.freshness ?? source.freshness ?? null,
          columns: columnInfos(table.columns ?? []),
          meta: { ...(source.meta ?? {}), ...(table.meta ?? {}) },
          tags: [...new Set([...(source.tags ?? []), ...(table.tags ?? [])])],
          config: { ...config, enabled: true },
          location: table.location,
        };
        session.sources.set(key, definition);
      }
    }
  }
}
