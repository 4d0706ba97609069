/** Waiting times (`/waiting`): by service from the vocabulary, or in general. Memoised per engine. */
import { derived, type Engine } from '../engine.ts';
import { words } from '../text.ts';
import type { Answer } from '../types.ts';
import type { NamedTerms } from '../vocabulary.ts';

/** What `/waiting` asks the engine, before the service's words. */
export const WAITING_QUERY = 'waiting times';

/**
 * The services of `vocabulary.services` that the knowledge base answers about (asking the engine for
 * the service's own words gives an answer), in vocabulary order.
 */
export function servicesAnswered(engine: Engine): readonly NamedTerms[] {
  return engine.derived(SERVICES_ANSWERED);
}

const SERVICES_ANSWERED = derived('services answered', (engine): readonly NamedTerms[] =>
  engine.vocabulary.services.filter((s) => engine.ask(s.terms.join(' ')).answered),
);

/**
 * The vocabulary service a user picked or typed: by name (any case), else by one of its terms.
 * Undefined for words the vocabulary does not know.
 */
export function findService(engine: Engine, typed: string): NamedTerms | undefined {
  const key = words(typed).join(' ');
  if (key === '') return undefined;
  const all = engine.vocabulary.services;
  return all.find((s) => words(s.name).join(' ') === key) ?? all.find((s) => s.terms.some((t) => words(t).join(' ') === key));
}

/**
 * Waiting-time passages: for a service (from the vocabulary, or words the user typed), the passages
 * about waiting for it; without one, the passages about waiting times in general. For a vocabulary
 * service whose waiting times the sources do not mention, the passages about the service itself
 * (so a service offered by {@link servicesAnswered} always gets an answer).
 */
export function waitingAnswer(engine: Engine, service?: NamedTerms | string, k?: number): Answer {
  const options = k === undefined ? {} : { k };
  if (service === undefined) return engine.ask(WAITING_QUERY, options);
  const about = typeof service === 'string' ? service : service.terms.join(' ');
  const answer = engine.ask(`${WAITING_QUERY} ${about}`, options);
  if (answer.answered || typeof service === 'string') return answer;
  const fallback = engine.ask(about, options);
  return fallback.answered ? fallback : answer;
}
