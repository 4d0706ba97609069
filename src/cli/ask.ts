/**
 * The offline `ask` command: answers questions from the knowledge base without Discord.
 *
 *   npm run ask -- "how long is the wait for an autism assessment?"
 *   npm run --silent ask -- --json "question"        one JSON object on stdout, nothing else
 *   npm run --silent ask -- --batch questions.txt    a JSON array, one object per line of the file
 *   options: --knowledge DIR (default: KNOWLEDGE_DIR, else the project's knowledge/)   --k N (1-10)
 *
 * Exit codes: 0 answered or abstained; 2 bad usage or an unreadable knowledge folder.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { answerToJson, type AnswerJson } from '../core/json.ts';
import type { Answer } from '../core/types.ts';
import { abstainMessage } from '../replies/abstain.ts';
import { KnowledgeDirError } from '../knowledge/load.ts';
import { formatIssue } from '../knowledge/parse.ts';
import { openKnowledge } from '../knowledge/open.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { renderAnswerText } from './render.ts';

const USAGE = 'usage: npm run ask -- [--json] [--k N] [--knowledge DIR] "question" | --batch FILE';

export async function main(
  argv: string[],
  io: { out: { write(text: string): unknown }; err: { write(text: string): unknown }; env?: Readonly<Record<string, string | undefined>> } = { out: process.stdout, err: process.stderr },
): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        batch: { type: 'string' },
        knowledge: { type: 'string' },
        k: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    io.err.write(`ask: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    io.out.write(`${USAGE}\n`);
    return 0;
  }
  let k: number | undefined;
  if (values.k !== undefined) {
    k = Number(values.k);
    if (!Number.isInteger(k) || k < 1 || k > 10) {
      io.err.write(`ask: --k must be a whole number from 1 to 10, got "${values.k}"\n`);
      return 2;
    }
  }
  if (values.batch === undefined && positionals.length === 0) {
    io.err.write(`ask: no question given\n${USAGE}\n`);
    return 2;
  }

  // The knowledge folder: --knowledge, else KNOWLEDGE_DIR, else the project's (src/config.ts).
  let dir: string;
  try {
    dir = loadConfig(io.env ?? process.env, { ...(values.knowledge !== undefined && { overrides: { knowledgeDir: values.knowledge } }) }).knowledgeDir;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    io.err.write(`ask: ${e.message}\n`);
    return 2;
  }
  let questions: string[];
  if (values.batch !== undefined) {
    try {
      questions = (await readFile(values.batch, 'utf8')).split(/\r?\n/).filter((l) => l.trim() !== '');
    } catch (e) {
      io.err.write(`ask: cannot read the batch file "${values.batch}": ${(e as Error).message}\n`);
      return 2;
    }
  } else {
    questions = [positionals.join(' ')];
  }

  let kb;
  try {
    kb = await openKnowledge(dir);
  } catch (e) {
    if (e instanceof KnowledgeDirError) {
      io.err.write(`ask: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  for (const issue of kb.snapshot.issues) io.err.write(`warning: ${formatIssue(issue)}\n`);
  const options = k === undefined ? {} : { k };
  const answers = questions.map((q) => kb.engine.ask(q, options));

  const sourceCount = kb.engine.sources.length;
  const toJson = (a: Answer): AnswerJson => answerToJson(a, a.answered ? undefined : abstainMessage(a.reason, sourceCount));
  if (values.batch !== undefined) io.out.write(`${JSON.stringify(answers.map(toJson), null, 2)}\n`);
  else if (values.json) io.out.write(`${JSON.stringify(toJson(answers[0]!), null, 2)}\n`);
  else io.out.write(`${renderAnswerText(answers[0]!, sourceCount)}\n`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
