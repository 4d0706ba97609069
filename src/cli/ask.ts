/**
 * The offline `ask` command: answers questions from the knowledge base without Discord.
 *
 *   npm run ask -- "how long is the wait for an autism assessment?"
 *   npm run --silent ask -- --json "question"        one JSON object on stdout, nothing else
 *   npm run --silent ask -- --batch questions.txt    a JSON array, one object per line of the file
 *   options: --knowledge DIR (default: KNOWLEDGE_DIR, else the project's knowledge/)   --k N (1-10)
 *
 * Exit codes: 0 answered or abstained; 2 bad usage, an unreadable knowledge folder, or a batch file
 * that is unreadable or larger than {@link MAX_BATCH_BYTES}.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { answerToJson, type AnswerJson } from '../core/json.ts';
import type { Answer } from '../core/types.ts';
import { abstainMessage } from '../replies/abstain.ts';
import { KnowledgeDirError } from '../knowledge/load.ts';
import { formatIssue } from '../knowledge/parse.ts';
import { openKnowledge } from '../knowledge/open.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { renderAnswerText } from './render.ts';

/**
 * The largest batch file `--batch` reads: 5 MiB, tens of thousands of questions. A larger file is
 * refused with exit 2 before anything is read; the file is read a line at a time, and each answer
 * is written as soon as it is made, so memory does not grow with the file.
 */
export const MAX_BATCH_BYTES = 5 * 1024 * 1024;

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
  if (values.batch !== undefined) {
    // Checked before the knowledge base is opened: a bad batch file costs nothing.
    const problem = await batchProblem(values.batch);
    if (problem !== undefined) {
      io.err.write(`ask: ${problem}\n`);
      return 2;
    }
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
  const sourceCount = kb.engine.sources.length;
  const toJson = (a: Answer): AnswerJson => answerToJson(a, a.answered ? undefined : abstainMessage(a.reason, sourceCount));
  if (values.batch !== undefined) {
    // The same text as JSON.stringify(array, null, 2), written one element at a time.
    let count = 0;
    try {
      for await (const line of createInterface({ input: createReadStream(values.batch, 'utf8'), crlfDelay: Infinity })) {
        if (line.trim() === '') continue;
        const element = JSON.stringify(toJson(kb.engine.ask(line, options)), null, 2).replace(/\n/g, '\n  ');
        await write(io.out, `${count === 0 ? '[\n' : ',\n'}  ${element}`);
        count++;
      }
    } catch (e) {
      // Only a file changed or removed since it was checked gets here; stdout is then incomplete.
      io.err.write(`ask: cannot read the batch file "${values.batch}": ${(e as Error).message}\n`);
      return 2;
    }
    await write(io.out, count === 0 ? '[]\n' : '\n]\n');
    return 0;
  }
  const answer = kb.engine.ask(positionals.join(' '), options);
  if (values.json) io.out.write(`${JSON.stringify(toJson(answer), null, 2)}\n`);
  else io.out.write(`${renderAnswerText(answer, sourceCount)}\n`);
  return 0;
}

/** Why the batch file cannot be read (missing, a folder, too large), or undefined. */
async function batchProblem(file: string): Promise<string | undefined> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return `the batch file "${file}" is not a file`;
    if (info.size > MAX_BATCH_BYTES) return `the batch file "${file}" is ${info.size} bytes; the most --batch reads is ${MAX_BATCH_BYTES} bytes (5 MiB): split it into smaller files`;
    return undefined;
  } catch (e) {
    return `cannot read the batch file "${file}": ${(e as Error).message}`;
  }
}

/** Writes, waiting for the stream to drain when it asks to (a slow pipe must not fill memory). */
async function write(out: { write(text: string): unknown; once?: (event: 'drain', listener: () => void) => unknown }, text: string): Promise<void> {
  if (out.write(text) === false && typeof out.once === 'function') await new Promise<void>((resolve) => out.once?.('drain', resolve));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
