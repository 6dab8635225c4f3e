import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { auditLogFiles, verifyAuditFiles } from './verify-file.js';

/** Where the CLI writes; injected so it can be tested in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const USAGE = `usage:
  gatehouse-audit verify <file>... [--partial] [--no-rotated] [--anchor <seq>:<hash>]
  gatehouse-audit tail <file> [-n <count>] [--type <area.outcome | area.*>]...

verify  checks the hash chain of an audit log (a single file: with its rotated files, oldest first)
        and reports the first malformed, altered, missing, reordered or unlinked record.
        Exit status: 0 verified, 1 verification failed, 2 usage or read error.
tail    prints the last records (default 10) of a log and its rotated files, optionally only the
        given event types.
`;

function usage(io: CliIo, message: string): number {
  io.stderr(`gatehouse-audit: ${message}\n${USAGE}`);
  return 2;
}

async function verify(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      partial: { type: 'boolean', default: false },
      'no-rotated': { type: 'boolean', default: false },
      anchor: { type: 'string' },
    },
  });
  if (positionals.length === 0) return usage(io, 'verify needs a file');
  let anchor: { seq: number; hash: string } | undefined;
  if (values.anchor !== undefined) {
    const match = /^(\d+):([0-9a-f]{64})$/.exec(values.anchor);
    if (match === null) return usage(io, '--anchor must be <seq>:<64 hex digits>');
    anchor = { seq: Number(match[1]), hash: match[2] as string };
  }
  const files =
    positionals.length === 1
      ? await auditLogFiles(positionals[0] as string, !values['no-rotated'])
      : positionals;
  const verdict = await verifyAuditFiles(files, {
    partial: values.partial,
    ...(anchor ? { anchor } : {}),
  });
  if (verdict.ok) {
    const range = verdict.head ? `seq ${verdict.firstSeq}..${verdict.head.seq}` : 'empty';
    io.stdout(`ok: ${verdict.count} records (${range}) in ${files.length} file(s)\n`);
    if (verdict.head) io.stdout(`head: ${verdict.head.seq}:${verdict.head.hash}\n`);
    return 0;
  }
  const { failure } = verdict;
  io.stdout(
    `FAILED ${failure.code} at ${failure.location ?? `record ${failure.index}`}` +
      `${failure.seq === undefined ? '' : ` (seq ${failure.seq})`}: ${failure.message}\n` +
      `${verdict.count} records verified before it\n`,
  );
  return 1;
}

// Characters a JSON string may hold raw that a terminal acts on: DEL and the C1 controls (U+009B is
// CSI in many terminals), bidirectional overrides that make text display as something else, and the
// line and paragraph separators. Printed escaped, the line is still the same JSON.
const UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function forTerminal(line: string): string {
  return line.replace(UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function typeMatcher(types: readonly string[]): (type: unknown) => boolean {
  if (types.length === 0) return () => true;
  return (type) =>
    typeof type === 'string' &&
    types.some((wanted) =>
      wanted.endsWith('.*') ? type.startsWith(wanted.slice(0, -1)) : type === wanted,
    );
}

async function tail(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      n: { type: 'string', short: 'n', default: '10' },
      type: { type: 'string', multiple: true },
    },
  });
  if (positionals.length !== 1) return usage(io, 'tail needs exactly one file');
  const count = Number(values.n);
  if (!Number.isSafeInteger(count) || count < 1) return usage(io, '-n must be a positive integer');
  const matches = typeMatcher(values.type ?? []);
  let kept: string[] = [];
  let malformed = 0;
  // newest file first, until enough records are found
  for (const file of (await auditLogFiles(positionals[0] as string)).reverse()) {
    const fromFile: string[] = [];
    const lines = createInterface({
      input: createReadStream(file),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    for await (const line of lines) {
      let record: { type?: unknown };
      try {
        record = JSON.parse(line) as { type?: unknown };
      } catch {
        malformed++;
        continue;
      }
      if (!matches(record?.type)) continue;
      fromFile.push(line);
      if (fromFile.length > count) fromFile.shift();
    }
    kept = [...fromFile, ...kept].slice(-count);
    if (kept.length >= count) break;
  }
  for (const line of kept) io.stdout(`${forTerminal(line)}\n`);
  if (malformed > 0) io.stderr(`gatehouse-audit: skipped ${malformed} malformed line(s)\n`);
  return 0;
}

/**
 * The `gatehouse-audit` command line: `verify` and `tail`. Resolves to the exit status.
 *
 * @example
 * ```ts
 * const status = await runCli(['verify', 'audit.log'], {
 *   stdout: (text) => process.stdout.write(text),
 *   stderr: (text) => process.stderr.write(text),
 * });
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  try {
    if (command === 'verify') return await verify(args, io);
    if (command === 'tail') return await tail(args, io);
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.stdout(USAGE);
      return command === undefined ? 2 : 0;
    }
    return usage(io, `unknown command "${command}"`);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
      return usage(io, (error as Error).message);
    }
    io.stderr(
      `gatehouse-audit: ${typeof code === 'string' ? `${code}: ` : ''}${(error as Error).message}\n`,
    );
    return 2;
  }
}
