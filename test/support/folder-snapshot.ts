import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Every entry under a folder (hidden ones and sub-folders included) with the bytes of each file, so
 * a test can assert that a failed operation left the folder byte-for-byte unchanged.
 */
export async function folderSnapshot(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string, prefix: string): Promise<void> => {
    for (const e of (await readdir(d, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const rel = `${prefix}${e.name}`;
      if (e.isDirectory()) {
        out[`${rel}/`] = '(dir)';
        await walk(join(d, e.name), `${rel}/`);
      } else out[rel] = (await readFile(join(d, e.name))).toString('base64');
    }
  };
  await walk(root, '');
  return out;
}
