import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const DIGITS = 6;

/** The name of rotated file number `index`: `audit.log.000001`, sorting in the order written. */
export function rotatedName(path: string, index: number): string {
  return `${path}.${String(index).padStart(DIGITS, '0')}`;
}

/** The rotated files of `path`, oldest first (missing directory: none). */
export async function listRotated(path: string): Promise<{ path: string; index: number }[]> {
  const prefix = `${basename(path)}.`;
  let names: string[];
  try {
    names = await readdir(dirname(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .filter((name) => name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length)))
    .map((name) => ({
      path: join(dirname(path), name),
      index: Number.parseInt(name.slice(prefix.length), 10),
    }))
    .sort((a, b) => a.index - b.index);
}
