import { open } from 'node:fs/promises';

/**
 * Appends one line to a JSON-lines file (the audit log, the review queue): opened with O_APPEND and
 * `mode` if new, written with one write so the line lands whole at the end even beside another
 * writer, and flushed (fsync) before returning. If the file ends in a line torn by a crash (or
 * edited by hand), the new line starts on a line of its own. The folder must exist.
 */
export async function appendLine(file: string, line: string, mode = 0o600): Promise<void> {
  const handle = await open(file, 'a+', mode);
  try {
    const { size } = await handle.stat();
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    await handle.appendFile(`${prefix}${line}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}
