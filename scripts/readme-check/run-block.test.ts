import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBlock } from './run-block.js';

const dir = mkdtempSync(join(tmpdir(), 'readme-check-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function script(name: string, code: string): string {
  const path = join(dir, name);
  writeFileSync(path, code);
  return path;
}

describe('runBlock', () => {
  it('passes a block that exits 0 and reports the output of one that throws', async () => {
    expect(await runBlock(script('ok.mjs', 'console.log(1);'), dir, 10_000)).toEqual({
      ok: true,
      detail: '',
    });
    const failed = await runBlock(script('throws.mjs', 'throw new Error("boom");'), dir, 10_000);
    expect(failed.ok).toBe(false);
    expect(failed.detail).toContain('boom');
  });

  it('fails a block that leaves a server open, on the timeout', async () => {
    const path = script(
      'server.mjs',
      "import { createServer } from 'node:http'; createServer().listen(0, '127.0.0.1');",
    );
    const result = await runBlock(path, dir, 1_500);
    expect(result.ok).toBe(false);
    expect(result.detail).toContain('did not exit');
  });

  it('refuses fetch, DNS and sockets beyond loopback, and allows loopback', async () => {
    const outside = [
      "await fetch('https://example.com/');",
      "import { lookup } from 'node:dns/promises'; await lookup('example.com');",
      "import net from 'node:net'; net.connect(443, '93.184.215.14');",
      "import https from 'node:https'; https.get('https://example.com/');",
    ];
    for (const [index, code] of outside.entries()) {
      const result = await runBlock(script(`out-${index}.mjs`, code), dir, 10_000);
      expect(result.ok, code).toBe(false);
      expect(result.detail, code).toContain('ERR_README_CHECK_NETWORK');
    }
    const loopback = script(
      'loopback.mjs',
      [
        "import { createServer } from 'node:http';",
        "const server = createServer((_, res) => res.end('ok'));",
        "await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));",
        "const response = await fetch('http://127.0.0.1:' + server.address().port + '/');",
        "if ((await response.text()) !== 'ok') process.exit(3);",
        'server.close();',
      ].join('\n'),
    );
    expect(await runBlock(loopback, dir, 10_000)).toEqual({ ok: true, detail: '' });
  });
});
