import { fileURLToPath } from 'node:url';

/** The project's own knowledge folder, wherever the command is run from. */
export function defaultKnowledgeDir(): string {
  return fileURLToPath(new URL('../../knowledge/', import.meta.url));
}
