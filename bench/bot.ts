/**
 * Benchmark of the Discord bot through the local Discord-compatible server (test/support): the real
 * entry point (`src/main.ts`, real knowledge base, cooldown off) runs as a child process; this process
 * plays Discord. Measures interaction-to-reply latency (INTERACTION_CREATE sent → the reply is
 * visible: the interaction's own response, or the edit after a deferral when the answer was not ready
 * within DEFER_AFTER_MS) for /ask, one question at a time and 50 at once, and the bot's resident memory.
 * The bot runs as `npm start` runs it (the command is read from package.json).
 *
 *   npx tsx bench/bot.ts [--rounds N] [--sequential N] [--node-options "--max-semi-space-size=2"]
 *
 * prints a Markdown table.
 *
 * Targets on this project's 2-core machines: p99 < 20 ms one at a time and < 120 ms fifty at once; RSS < 150 MB.
 */
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { startDiscordServer } from '../test/support/discord-server.ts';
import type { DiscordServer } from '../test/support/discord-server.ts';
import { ROOT, spawnEntry } from '../test/unit/bot/spawn.ts';

const TARGET_P99_MS = { one: 20, fifty: 120 };
const TARGET_RSS_MB = 150;

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '10' }, sequential: { type: 'string', default: '300' }, 'node-options': { type: 'string' } },
});
const rounds = Math.max(1, Number(values.rounds));
const sequential = Math.max(1, Number(values.sequential));

/** Questions parents ask (the evaluation set), answered and abstained alike. */
function questions(): string[] {
  const read = (file: string): string[] => {
    try {
      const doc = JSON.parse(readFileSync(new URL(`../eval/${file}`, import.meta.url), 'utf8')) as { inScope?: { q: string }[]; outOfScope?: { q: string }[] };
      return [...(doc.inScope ?? []), ...(doc.outOfScope ?? [])].map((x) => x.q);
    } catch {
      return [];
    }
  };
  const all = [...read('questions.json'), ...read('questions-holdout.json')].filter((q) => q.length <= 1000);
  return all.length > 0 ? all : ['how long is the wait for an autism assessment?', 'what did the council say?', 'has it got better since 2018?'];
}

/** How long the bot is left idle after the runs before its memory is read again. */
const IDLE_MS = 15_000;

function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1] ?? Number.NaN;
}

/** Resident and peak resident memory of a process, in MB (Linux /proc; `ps` elsewhere). */
function memory(pid: number): { rss: number; peak: number | undefined } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string): number | undefined => {
      const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
      return m ? Number(m[1]) / 1024 : undefined;
    };
    return { rss: kb('VmRSS') ?? Number.NaN, peak: kb('VmHWM') };
  } catch {
    return { rss: Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)]).toString().trim()) / 1024, peak: undefined };
  }
}

/**
 * CPU time the process has used (user + system), in ms, from Linux /proc (undefined elsewhere). It
 * counts only the bot's own work, so it says more than latency on a machine other jobs share.
 */
function cpuMs(pid: number): number | undefined {
  try {
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const hz = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
    return Number.isFinite(ticks) ? (ticks * 1000) / hz : undefined;
  } catch {
    return undefined;
  }
}

async function timeAsk(server: DiscordServer, question: string): Promise<number> {
  const started = performance.now();
  const h = server.interact({ type: 'command', name: 'ask', options: { question } });
  await h.reply({ timeoutMs: 30_000 });
  return performance.now() - started;
}

/**
 * What `npm start` runs (`node [flags] <entry>`), read from package.json so the benchmark measures
 * exactly that: the same flags on the command line, unless --node-options replaces them.
 */
function startCommand(): { entry: string; flags: string } {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [node, ...args] = pkg.scripts.start.trim().split(/\s+/);
  const entry = args.pop();
  if (node !== 'node' || entry === undefined || args.some((a) => !a.startsWith('--'))) throw new Error(`npm start is not "node [--flags] <entry>": ${pkg.scripts.start}`);
  return { entry: join(ROOT, entry), flags: args.join(' ') };
}

const start = startCommand();
const server = await startDiscordServer({ defaultTimeoutMs: 30_000 });
const nodeOptions = values['node-options'] ?? start.flags;
const bot = spawnEntry(
  start.entry,
  { DISCORD_TOKEN: server.token, DISCORD_API_URL: server.apiUrl, ASK_COOLDOWN_SECONDS: '0', LOG_LEVEL: 'warn' },
  { nodeArgs: nodeOptions.split(/\s+/).filter((a) => a !== '') },
);
try {
  await server.waitForSession(60_000);
  const pid = bot.child.pid;
  if (pid === undefined) throw new Error('the bot did not start');
  const qs = questions();
  const idle = memory(pid);

  // Warm up (JIT, the engine's first queries, discord.js' first REST calls).
  for (let i = 0; i < 50; i++) await timeAsk(server, qs[i % qs.length] ?? '');

  const cpuBefore = cpuMs(pid);
  const one: number[] = [];
  for (let i = 0; i < sequential; i++) one.push(await timeAsk(server, qs[i % qs.length] ?? ''));
  const cpuMiddle = cpuMs(pid);

  const fifty: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const batch = Array.from({ length: 50 }, (_, i) => timeAsk(server, qs[(r * 50 + i) % qs.length] ?? ''));
    fifty.push(...(await Promise.all(batch)));
  }
  const cpuAfter = cpuMs(pid);
  const perAsk = (from: number | undefined, to: number | undefined, n: number): string => (from !== undefined && to !== undefined && n > 0 ? ((to - from) / n).toFixed(2) : 'n/a');
  const loaded = memory(pid);
  // A parent group's bot is idle most of the time: V8's memory reducer collects and returns memory
  // after a few seconds without work. Measured too, beside the figure right after the last answer.
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  const rested = memory(pid);
  const problems = server.problems();

  const row = (name: string, samples: number[], target: number): string => {
    const p99 = percentile(samples, 99);
    return `| ${name} | ${samples.length} | ${percentile(samples, 50).toFixed(1)} | ${p99.toFixed(1)} | ${Math.max(...samples).toFixed(1)} | ${p99 < target ? 'yes' : 'no'} (< ${target} ms) |`;
  };
  const lines = [
    `Bot benchmark: /ask through the local Discord-compatible server (loopback), ${qs.length} distinct questions, cooldown off, node ${process.version} running "node ${nodeOptions ? `${nodeOptions} ` : ''}${relative(ROOT, start.entry)}", ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (other processes share them).`,
    '',
    '| /ask interaction → reply | samples | p50 ms | p99 ms | max ms | p99 target met | bot CPU per /ask, ms |',
    '|---|---:|---:|---:|---:|---|---:|',
    `${row('1 at a time', one, TARGET_P99_MS.one)} ${perAsk(cpuBefore, cpuMiddle, one.length)} |`,
    `${row('50 at once', fifty, TARGET_P99_MS.fifty)} ${perAsk(cpuMiddle, cpuAfter, fifty.length)} |`,
    '',
    '| bot process memory | RSS MB | target met |',
    '|---|---:|---|',
    `| after start (idle, knowledge base loaded) | ${idle.rss.toFixed(1)} | ${idle.rss < TARGET_RSS_MB ? 'yes' : 'no'} (< ${TARGET_RSS_MB} MB) |`,
    `| right after the runs (${one.length + fifty.length} questions) | ${loaded.rss.toFixed(1)} | ${loaded.rss < TARGET_RSS_MB ? 'yes' : 'no'} (< ${TARGET_RSS_MB} MB) |`,
    `| after the runs and ${IDLE_MS / 1000} s idle | ${rested.rss.toFixed(1)} | ${rested.rss < TARGET_RSS_MB ? 'yes' : 'no'} (< ${TARGET_RSS_MB} MB) |`,
    ...(loaded.peak !== undefined ? [`| peak (VmHWM) | ${loaded.peak.toFixed(1)} | ${loaded.peak < TARGET_RSS_MB ? 'yes' : 'no'} (< ${TARGET_RSS_MB} MB) |`] : []),
    '',
    problems.length === 0 ? 'The server recorded no limit violations or unexpected requests.' : `The server recorded ${problems.length} problem(s):\n${problems.slice(0, 10).join('\n')}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  bot.child.kill('SIGTERM');
  await bot.exited();
} finally {
  await bot.cleanup();
  await server.close();
}
