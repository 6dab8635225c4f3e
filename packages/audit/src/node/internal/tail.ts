import type { FileHandle } from 'node:fs/promises';

const CHUNK = 64 * 1024;
const MAX_LINE = 4 * 1024 * 1024;

/**
 * The end of an append-only JSON-lines file: `end`, the length up to and including its last newline
 * (bytes after it are a torn write), and the last complete line before it, if any.
 */
export async function readTail(
  file: FileHandle,
  size: number,
): Promise<{ end: number; lastLine: string | undefined }> {
  let end = -1;
  let lineStart = -1;
  const parts: Buffer[] = [];
  let position = size;
  while (position > 0 && size - position < MAX_LINE + CHUNK) {
    const length = Math.min(CHUNK, position);
    position -= length;
    const buffer = Buffer.alloc(length);
    await file.read(buffer, 0, length, position);
    parts.unshift(buffer);
    for (let i = length - 1; i >= 0; i--) {
      if (buffer[i] !== 0x0a) continue;
      if (end === -1) end = position + i + 1;
      else {
        lineStart = position + i + 1;
        break;
      }
    }
    if (lineStart !== -1) break;
  }
  if (end === -1) {
    // no newline at all: a torn first record, unless the scan stopped short of the file's start
    if (position > 0) throw new Error('no line end in the last 4 MiB: not an audit log');
    return { end: 0, lastLine: undefined };
  }
  if (lineStart === -1) {
    if (position > 0) throw new Error('the last record is longer than 4 MiB');
    lineStart = 0;
  }
  const all = Buffer.concat(parts);
  const offset = size - all.length;
  const line = all.subarray(lineStart - offset, end - 1 - offset).toString('utf8');
  return { end, lastLine: line.length > 0 ? line : undefined };
}

const RECORD_START = Buffer.from('{"hash":"', 'utf8');

/**
 * Whether `size - end` bytes after `end` can be what a crash leaves of an append: the start of a
 * record line as the file sink writes it (`{"hash":"…`), or zeros (a file extended whose data never
 * reached the disk). Anything else is not the sink's own torn write and must not be cut off.
 */
export async function isTornRecord(file: FileHandle, end: number, size: number): Promise<boolean> {
  const length = size - end;
  if (length <= 0) return true;
  if (length > MAX_LINE + CHUNK) return false;
  const buffer = Buffer.alloc(length);
  await file.read(buffer, 0, length, end);
  if (buffer.every((byte) => byte === 0)) return true;
  const prefix = Math.min(length, RECORD_START.length);
  return buffer.subarray(0, prefix).equals(RECORD_START.subarray(0, prefix));
}
