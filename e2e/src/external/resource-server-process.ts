import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appCli } from './app-cli.js';
import { runTool } from './external-tools.js';

/** The protected MCP server as users run it: its built CLI. */
const RESOURCE_CLI = appCli('@gatehouse/resource-server', 'gatehouse-mcp-server');

/** A protected MCP server running in a child process. */
export interface ResourceServerProcess {
  /** `http://127.0.0.1:<port>/mcp`: the MCP endpoint and the canonical resource URI. */
  resource: string;
  /** SIGTERM (graceful shutdown), SIGKILL after 10 s, then the temp dir is removed. */
  close(): Promise<void>;
}

/**
 * Starts `gatehouse-mcp-server --dev` on 127.0.0.1:`port` trusting `issuer`, with its audit log in a
 * temp dir, and waits until its Protected Resource Metadata answers.
 */
export async function startResourceServerProcess(input: {
  issuer: string;
  port: number;
  sessions: 'stateless' | 'stateful';
}): Promise<ResourceServerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-e2e-rs-'));
  const origin = `http://127.0.0.1:${input.port}`;
  const resource = `${origin}/mcp`;
  const run = runTool(
    process.execPath,
    [
      RESOURCE_CLI,
      '--dev',
      '--host',
      '127.0.0.1',
      '--port',
      String(input.port),
      '--resource',
      resource,
      '--issuer',
      input.issuer,
      '--sessions',
      input.sessions,
      '--audit-file',
      join(dir, 'audit.log'),
      '--log-level',
      'warn',
    ],
    { timeoutMs: 10 * 60_000 },
  );
  const close = async () => {
    if (run.child.exitCode === null && run.child.signalCode === null) {
      run.child.kill('SIGTERM');
      const force = setTimeout(() => run.child.kill('SIGKILL'), 10_000);
      await run.done;
      clearTimeout(force);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (run.child.exitCode !== null || run.child.signalCode !== null || Date.now() > deadline) {
      const { stdout, stderr } = run.output();
      await close();
      throw new Error(`the resource server did not start:\n${stdout}\n${stderr}`);
    }
    const ready = await fetch(`${origin}/.well-known/oauth-protected-resource/mcp`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return { resource, close };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
