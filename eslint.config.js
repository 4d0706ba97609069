// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', '.cache/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The answer engine stays pure: no Discord, no environment, no file system.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['discord.js', '@discordjs/*'], message: 'src/core is the pure engine: no discord.js.' },
          { group: ['node:fs', 'fs', 'node:fs/*', 'fs/*', 'dotenv', 'dotenv/*'], message: 'src/core is the pure engine: no fs or dotenv.' },
          { group: ['**/bot/**', '**/cli/**', '**/knowledge/**', '**/replies/**', '../../commands/**', '../config.ts', '../logger.ts', '../files.ts', '../expiring.ts'], message: 'src/core imports nothing of ours outside src/core.' },
        ],
      }],
      'no-restricted-globals': ['error', { name: 'process', message: 'src/core is the pure engine: no process/env.' }],
    },
  },
  {
    files: ['src/knowledge/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['discord.js', '@discordjs/*'], message: 'Knowledge loading does not know about Discord.' },
          { group: ['**/bot/**', '**/cli/**', '**/replies/**', '../../commands/**'], message: 'Imports flow one way: commands -> bot -> knowledge -> core.' },
        ],
      }],
    },
  },
  {
    // What the bot says is data, for Discord and the terminal alike: no discord.js client here (its
    // pure Markdown formatter, @discordjs/formatters, is fine), no bot, no terminal.
    files: ['src/replies/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['discord.js'], message: 'src/replies is data: render it in src/bot or src/cli.' },
          { group: ['**/bot/**', '**/cli/**', '../../commands/**'], message: 'src/replies is data: bot and cli import it, not the other way.' },
        ],
      }],
    },
  },
  {
    // discord.js lives in src/bot and commands/ only (and the entry point and deploy script that start them).
    files: ['src/cli/**/*.ts', 'src/knowledge/**/*.ts', 'src/review/**/*.ts', 'src/config.ts', 'src/logger.ts', 'src/files.ts', 'src/expiring.ts'],
    ignores: ['src/knowledge/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['discord.js', '**/bot/**', '../../commands/**'], message: 'Only src/bot and commands/ know about Discord.' }],
      }],
    },
  },
);
