/** Properties YAML entries by resource kind and name, so nodes find their description, columns and config. */
import type { ColumnInfo, ColumnProperties, NodeProperties, Project, PropertiesFile } from '../core/index.js';

export type PropertiesKind = 'models' | 'seeds' | 'snapshots' | 'analyses' | 'macros';

export interface NodePropertiesEntry {
  properties: NodeProperties;
  file: PropertiesFile;
}

export class PropertiesIndex {
  private readonly entries = new Map<string, NodePropertiesEntry>();

  constructor(project: Project) {
    for (const file of project.properties) {
      for (const kind of ['models', 'seeds', 'snapshots', 'analyses', 'macros'] as const) {
        for (const properties of file[kind] ?? []) this.entries.set(`${kind}:${properties.name}`, { properties, file });
      }
    }
  }

  get(kind: PropertiesKind, name: string): NodePropertiesEntry | undefined {
    return this.entries.get(`${kind}:${name}`);
  }

  macroDescriptions(): Map<string, string> {
    const out = new Map<string, string>();
    for (const [key, entry] of this.entries) if (key.startsWith('macros:')) out.set(entry.properties.name, entry.properties.description);
    return out;
  }
}

export function columnInfos(columns: readonly ColumnProperties[]): Record<string, ColumnInfo> {
  const out: Record<string, ColumnInfo> = {};
  for (const column of columns) {
    out[column.name] = {
      name: column.name,
      description: column.description ?? '',
      data_type: column.dataType ?? null,
      meta: column.meta ?? {},
      tags: column.tags ?? [],
      quote: column.quote ?? null,
    };
  }
  return out;
}

/** Folders of `path` below whichever of `roots` contains it (`models/staging/x.yml` → `['staging']`). */
export function foldersUnder(path: string, roots: readonly string[]): string[] {
  const normalized = path.replace(/\\/g, '/');
  for (const root of roots) {
    const prefix = root.replace(/\\/g, '/').replace(/\/+$/, '') + '/';
    if (prefix !== '/' && normalized.startsWith(prefix)) return normalized.slice(prefix.length).split('/').slice(0, -1);
  }
  return normalized.split('/').slice(1, -1);
}
