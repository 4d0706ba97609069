/** Small builders shared by the core tests: inline sources, engines over them, the real knowledge base, whitespace. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { Engine, type EngineSettings } from '../../../src/core/engine.ts';
import { emptyGlossary } from '../../../src/core/glossary.ts';
import { toPassages } from '../../../src/core/passages.ts';
import type { Collection, Source, SourceMeta } from '../../../src/core/types.ts';
import { emptyVocabulary, validateVocabulary, type Vocabulary } from '../../../src/core/vocabulary.ts';

/** The project's own knowledge folder. */
export const KNOWLEDGE_DIR = fileURLToPath(new URL('../../../knowledge/', import.meta.url));

/** A source built from an inline body, with passages made the way the loader makes them. */
export function makeSource(id: string, body: string, meta: Partial<Omit<SourceMeta, 'id'>> = {}): Source {
  return {
    meta: {
      id,
      title: meta.title ?? `Title of ${id}`,
      publisher: meta.publisher ?? 'Test Publisher',
      published: meta.published ?? '2023-01-01',
      url: meta.url ?? `https://example.org/${id}`,
      kind: meta.kind ?? 'news',
      events: meta.events ?? [],
    },
    body,
    passages: toPassages(id, body),
  };
}

/** Collapses runs of whitespace, so hard-wrapped text compares with its joined passage. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The committed knowledge/vocabulary.yml, validated (throws if it has issues). */
export function realVocabulary(): Vocabulary {
  const { vocabulary, issues } = validateVocabulary(parseYaml(readFileSync(`${KNOWLEDGE_DIR}vocabulary.yml`, 'utf8')));
  if (issues.length) throw new Error(`knowledge/vocabulary.yml has issues: ${JSON.stringify(issues)}`);
  return vocabulary;
}

/**
 * An engine over inline sources: a {@link Collection} with an empty glossary and no word
 * frequencies unless given, built the one way engines are built (`Engine.build`).
 */
export function engineOver(
  sources: readonly Source[],
  vocabulary: Vocabulary = emptyVocabulary,
  settings: EngineSettings = {},
  more: Partial<Pick<Collection, 'glossary' | 'wordFrequency' | 'relatedWords' | 'nonNouns'>> = {},
): Engine {
  return Engine.build({ sources, vocabulary, glossary: emptyGlossary, ...more }, settings);
}

/** A knowledge file of a later source: a dated monitoring visit (for timeline and later-coverage tests). */
export const MONITORING_VISIT = `---
id: extra-2026-monitoring
title: Monitoring visit finds waiting lists still long
publisher: Example News
published: 2026-02-10
url: https://example.org/news/monitoring
kind: news
events:
  - date: 2026-01-20
    label: Monitoring inspection by Ofsted and the CQC
---

The monitoring inspection by Ofsted and the CQC in January 2026 found that waiting lists for speech and language therapy were still long.
`;
