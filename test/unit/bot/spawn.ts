/**
 * Running the project's real entry points (`src/main.ts`, `scripts/deploy-commands.ts`) as child
 * processes for end-to-end tests: from an empty temporary folder (so no `.env` is read), with only
 * the environment the test gives, output collected, and a way to wait for a line without sleeping.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const MAIN = join(ROOT, 'src/main.ts');
export const DEPLOY = join(ROOT, 'scripts/deploy-commands.ts');

/** Configuration keys the tests control: removed from the inherited environment. */
const CONFIG_KEYS = [
  'DISCORD_TOKEN', 'DISCORD_CLIENT_ID', 'DISCORD_GUILD_ID', 'DISCORD_API_URL', 'KNOWLEDGE_DIR', 'MODERATOR_ROLE_ID', 'LOG_LEVEL', 'ASK_COOLDOWN_SECONDS',
  'MODERATOR_LOG_CHANNEL_ID', 'AUDIT_FILE', 'KNOWLEDGE_WATCH', 'ALLOW_PRIVATE_URLS',
  'REVIEW_FILE', 'REVIEW_RETENTION_DAYS', 'REVIEW_DIGEST', 'ALLOWED_GUILD_IDS', 'ANSWER_CHANNEL_IDS',
];

export interface Spawned {
  readonly child: ChildProcess;
  /** Everything written so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when stdout or stderr contains the pattern (or rejects after `timeoutMs`, with the output). */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code and signal (at once if already exited). */
  exited(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills the process if it is still running and removes its folder. */
  cleanup(): Promise<void>;
}

export interface SpawnOptions {
  stdin?: 'pipe' | 'ignore';
  /** Modules imported before the script (`--import`), e.g. a `data:` URL that injects a fault. */
  preload?: readonly string[];
  /** Node flags before the script, as `npm start` passes them (some, like `--optimize-for-size`, NODE_OPTIONS refuses). */
  nodeArgs?: readonly string[];
}

/**
 * Runs an entry point. Unless the test sets REVIEW_FILE, the review queue is kept in the process's
 * temporary folder: questions asked by a test never reach the project's own `data/` folder.
 */
export function spawnEntry(script: string, env: Record<string, string>, options: SpawnOptions = {}): Spawned {
  const cwd = mkdtempSync(join(tmpdir(), 'send-bot-e2e-'));
  const base: Record<string, string> = { REVIEW_FILE: join(cwd, 'data', 'review-queue.jsonl') };
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !CONFIG_KEYS.includes(key)) base[key] = value;
  // Plain node, as `npm start` runs it: Node strips the types itself.
  const imports = (options.preload ?? []).flatMap((m) => ['--import', m]);
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...imports, script], { cwd, env: { ...base, ...env }, stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  const notify = (): void => {
    for (const l of [...listeners]) l();
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    notify();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
    notify();
  });
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exitPromise = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      notify();
      resolve(exit);
    });
  });
  const describe = (): string => `\n--- stdout ---\n${out.slice(-3000)}\n--- stderr ---\n${err.slice(-3000)}`;
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitForOutput(pattern, timeoutMs = 30_000) {
      return new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (pattern.test(out) || pattern.test(err)) done(resolve);
          else if (exit) done(() => reject(new Error(`The process exited (${JSON.stringify(exit)}) before printing ${pattern}.${describe()}`)));
        };
        const done = (fn: () => void): void => {
          clearTimeout(timer);
          listeners.delete(check);
          fn();
        };
        const timer = setTimeout(() => done(() => reject(new Error(`Timed out after ${timeoutMs}ms waiting for ${pattern}.${describe()}`))), timeoutMs);
        listeners.add(check);
        check();
      });
    },
    async exited(timeoutMs = 30_000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Timed out after ${timeoutMs}ms waiting for the process to exit.${describe()}`)), timeoutMs);
      });
      try {
        return await Promise.race([exitPromise, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async cleanup() {
      if (!exit && child.exitCode === null) {
        child.kill('SIGKILL');
        await exitPromise;
      }
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}
