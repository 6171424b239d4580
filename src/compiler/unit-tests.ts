/** Unit test nodes (`unit_test.<project>.<model>.<name>`) from properties YAML; the testing layer runs them. */
import { CompilationError } from '../core/index.js';
import type { ChatsemError, Project } from '../core/index.js';
import type { Session } from './compile-session.js';
import { emptyNode, newBuild } from './node-factory.js';
import { foldersUnder } from './properties-index.js';
import type { NodeBuild } from './session-types.js';
import { didYouMean } from './template-errors.js';

export function buildUnitTests(project: Project, session: Session, errors: ChatsemError[]): NodeBuild[] {
  const builds: NodeBuild[] = [];
  const projectName = project.config.name;
  for (const file of project.properties) {
    for (const test of file.unitTests ?? []) {
      const model = session.findRefable(test.model, null);
      if (!model) {
        if (!session.disabledRefable.has(test.model)) {
          errors.push(new CompilationError(`Unit test '${test.name}' tests model '${test.model}', which does not exist`, {
            location: test.location,
            hint: didYouMean(test.model, session.refable.keys()),
          }));
        }
        continue;
      }
      const fqn = [projectName, ...foldersUnder(file.path, project.config.paths.modelPaths), test.model, test.name];
      const node = emptyNode({
        unique_id: `unit_test.${projectName}.${test.model}.${test.name}`,
        resource_type: 'unit_test',
        name: test.name,
        package_name: projectName,
        path: file.path,
        original_file_path: file.path,
        fqn,
        raw_code: '',
        location: test.location,
      });
      node.description = test.description ?? '';
      node.unit_test = { model: test.model, given: test.given, expect: test.expect, overrides: test.overrides ?? {} };
      node.depends_on.nodes.push(model.node.unique_id);
      builds.push(newBuild(node, { ...(test.config ?? {}) }));
    }
  }
  return builds;
}
