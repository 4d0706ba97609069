import { configDefaults } from '../config.ts';

/**
 * The project's own knowledge folder, wherever the command is run from: the default of
 * `KNOWLEDGE_DIR`, whose one home is src/config.ts. (Kept for the benches and tests that want the
 * project's knowledge regardless of the environment.)
 */
export function defaultKnowledgeDir(): string {
  return configDefaults.knowledgeDir;
}
