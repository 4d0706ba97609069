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
          { group: ['**/bot/**', '**/cli/**', '**/knowledge/**', '../../commands/**'], message: 'Imports flow one way: commands -> bot -> knowledge -> core.' },
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
          { group: ['**/bot/**', '**/cli/**', '../../commands/**'], message: 'Imports flow one way: commands -> bot -> knowledge -> core.' },
        ],
      }],
    },
  },
);
