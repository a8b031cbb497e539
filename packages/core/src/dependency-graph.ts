import { OutriderError } from './errors.js';

/** A name and what it depends on: all the graph checks need of a module. */
export interface GraphNode {
  readonly name: string;
  readonly dependsOn?: readonly string[] | undefined;
}

/**
 * Checks that every dependency exists and that there is no cycle. Throws one OutriderError naming
 * the missing module, or the modules on the cycle as `a -> b -> c -> a`.
 */
export function assertValidGraph(nodes: Iterable<GraphNode>): void {
  const byName = new Map<string, GraphNode>();
  for (const node of nodes) byName.set(node.name, node);

  for (const node of byName.values()) {
    for (const dependency of node.dependsOn ?? []) {
      if (!byName.has(dependency)) {
        throw new OutriderError(
          'OUTRIDER_DEPENDENCY_MISSING',
          `module "${node.name}" depends on "${dependency}", which is not registered`,
          { module: node.name, details: { missing: dependency } },
        );
      }
    }
  }

  const done = new Set<string>();
  const path: string[] = [];
  const onPath = new Set<string>();
  const visit = (name: string): void => {
    if (done.has(name)) return;
    if (onPath.has(name)) {
      const cycle = [...path.slice(path.indexOf(name)), name];
      throw new OutriderError('OUTRIDER_DEPENDENCY_CYCLE', `dependency cycle: ${cycle.join(' -> ')}`, {
        module: name,
        details: { cycle },
      });
    }
    onPath.add(name);
    path.push(name);
    for (const dependency of byName.get(name)?.dependsOn ?? []) visit(dependency);
    path.pop();
    onPath.delete(name);
    done.add(name);
  };
  for (const name of byName.keys()) visit(name);
}

/** Every module that depends on `name`, directly or through others. */
export function dependentsOf(name: string, nodes: Iterable<GraphNode>): Set<string> {
  const list = [...nodes];
  const found = new Set<string>();
  const queue = [name];
  while (queue.length > 0) {
    const current = queue.shift() as string;
    for (const node of list) {
      if (!found.has(node.name) && node.dependsOn?.includes(current)) {
        found.add(node.name);
        queue.push(node.name);
      }
    }
  }
  return found;
}
