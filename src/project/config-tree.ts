import type { ConfigTree } from '../core/index.js';
import { isYMap, type YNode } from './yaml-nodes.js';
import { CONFIG_KEYS, isConfigKey, normalizeConfigKey } from './config-keys.js';
import { didYouMean } from './did-you-mean.js';
import type { YamlFile } from './yaml-file.js';

export function emptyConfigTree(): ConfigTree {
  return { config: {}, children: {} };
}

/**
 * Reads a `models:`/`seeds:`/… tree of the project file into `tree`. dbt puts the project (package) name on the
 * first level; chatsem also accepts folders directly there, so that level is merged into the root.
 * Values stay raw: they may hold Jinja that only the compiler can render.
 */
export function readConfigTree(file: YamlFile, node: YNode | null, section: string, projectName: string, tree = emptyConfigTree()): ConfigTree {
  if (file.isNull(node)) return tree;
  fill(file, tree, node, [section], projectName);
  return tree;
}

function fill(file: YamlFile, tree: ConfigTree, node: YNode | null, path: string[], projectName: string | null): void {
  const entries = file.entries(node, `\`${path.join('.')}\` in ${file.path}`);
  if (!entries) return;
  for (const { key, keyNode, value } of entries) {
    if (key.startsWith('+')) {
      tree.config[normalizeConfigKey(key.slice(1))] = file.js(value);
      continue;
    }
    if (isConfigKey(key)) {
      tree.config[normalizeConfigKey(key)] = file.js(value);
      continue;
    }
    if (file.isNull(value)) {
      tree.children[key] ??= emptyConfigTree();
      continue;
    }
    if (!isYMap(value)) {
      const guess = didYouMean(key, CONFIG_KEYS);
      file.fail(
        keyNode,
        `\`${[...path, key].join('.')}\` is neither a known config key nor a folder (a folder's value must be a mapping)`,
        guess ? `Did you mean \`+${guess}\`?` : `Write config as \`+${key}: …\` if it is a custom config key, or give the folder a mapping.`,
      );
      continue;
    }
    if (projectName !== null && key === projectName) {
      fill(file, tree, value, [...path, key], null);
      continue;
    }
    const child = (tree.children[key] ??= emptyConfigTree());
    fill(file, child, value, [...path, key], null);
  }
}
