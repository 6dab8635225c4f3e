import { accessSync, constants, type Stats, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AuditError } from '../../index.js';

/** The file's stats; `undefined` if it does not exist. */
function statIfExists(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (cause) {
    if ((cause as { code?: unknown }).code === 'ENOENT') return undefined;
    throw cause;
  }
}

/** Why a file sink cannot use `path`; `undefined` if it can. */
function problemWith(path: string): { message: string; cause?: unknown } | undefined {
  const directory = dirname(resolve(path));
  let parent: Stats | undefined;
  let file: Stats | undefined;
  try {
    parent = statIfExists(directory);
    if (parent === undefined) return { message: `the directory of "${path}" does not exist` };
    if (!parent.isDirectory()) return { message: `the parent of "${path}" is not a directory` };
    file = statIfExists(path);
  } catch (cause) {
    return { message: `cannot inspect "${path}"`, cause };
  }
  if (file !== undefined && !file.isFile()) return { message: `"${path}" is not a regular file` };
  try {
    if (file === undefined) accessSync(directory, constants.W_OK | constants.X_OK);
    else accessSync(path, constants.R_OK | constants.W_OK);
  } catch (cause) {
    return { message: `cannot ${file === undefined ? 'create' : 'write'} "${path}"`, cause };
  }
  return undefined;
}

/**
 * Checks, synchronously, that a file sink can open `path`: its directory exists and is a directory,
 * and either the file exists, is a regular file and can be read and written, or the directory can
 * be written (to create it). `AuditError` `ERR_AUDIT_SINK_OPEN` otherwise, so a misconfigured path
 * stops an app where it builds its logger, at startup, not at its first event.
 */
export function checkSinkPath(path: string): void {
  const problem = problemWith(path);
  if (problem === undefined) return;
  throw new AuditError('ERR_AUDIT_SINK_OPEN', `fileSink: ${problem.message}`, {
    ...('cause' in problem ? { cause: problem.cause } : {}),
    sink: `file:${path}`,
  });
}
