import type { BenchResults } from '../harness/results.js';

/** The prose around each scenario's tables: what runs, how it is measured, what to keep in mind. */
export function scenarioText(results: BenchResults) {
  const mcp = results.mcpEndpoint?.plan;
  const skipped = [...(results.mcpEndpoint?.skipped ?? []), ...(results.authServer?.skipped ?? [])];
  return {
    intro: [
      'Every comparison below ran baseline and candidate in the **same run, on the same machine,',
      'alternating** over several rounds; each verdict is on the **median of the per-round ratios**,',
      'and the range of those ratios shows how much the rounds agreed. Absolute numbers depend on the',
      'machine (and here on other work sharing its cores: see the load average): compare ratios, not',
      'requests per second, across machines. HTTP servers run in their own processes on 127.0.0.1;',
      'the load generator ([autocannon](https://github.com/mcollina/autocannon)) runs in the',
      'benchmark process, so client and server never share an event loop, but they do share the cores.',
      ...(skipped.length > 0 ? ['', ...skipped.map((s) => `- Not measured: ${s}`)] : []),
    ].join('\n'),
    mcpEndpoint: [
      "A `tools/call` of the sample server's `weather` tool (Streamable HTTP, stateless: a new SDK",
      "server and transport per request, as in the SDK's stateless example) against:",
      '',
      '- **Gatehouse**: the resource server as users run it (`startResourceServer`): bearer JWT',
      '  (ES256 checked with `node:crypto`, issuer JWKS, verified-token cache), the scope guard with the',
      '  sample policy, audit to a file sink (hash chain, fsync every 200 ms); request logging at `warn`.',
      '- **Gatehouse without audit**: the same `mcpResourceServer` options minus `audit`.',
      '- **No auth**: the same Koa, SDK transport and sample server, no token read (the floor, 2a).',
      '- **MCP SDK + jose** (2b): `createMcpExpressApp` + `requireBearerAuth` with a jose verifier doing',
      '  the same checks (signature via the remote JWKS, `iss`, `aud`, ES256 only, `typ: at+jwt`,',
      "  RFC 9068 claims, `exp`) and `requiredScopes` for the tool's scope; no token cache, no audit.",
      "- **mcp-auth** (2c): `mcpAuth.bearerAuth('jwt')` in resource-server mode with `audience` and",
      '  `requiredScopes`, on the same Express app.',
      '',
      "Every server runs the same MCP server (the resource server's `createMcpServer`); the peers hand",
      'the tools the verified claims through a small adapter so the tools do the same work. **Distinct',
      `tokens**: a pool of ${results.profile === 'full' ? '20,000' : '12,000'} pre-minted tokens cycled, larger than Gatehouse's`,
      'verified-token cache (10,000, least recently used out), so every request verifies a signature.',
      '**One repeated token**: the same token on every request (a cache hit for Gatehouse).',
      mcp === undefined
        ? ''
        : `Load: ${mcp.shape.connections} connections, ${mcp.rounds} rounds of ${mcp.shape.durationSeconds} s per contender after a ${mcp.warmUp.durationSeconds} s warm-up each; requests/s and latencies are medians over the rounds.`,
    ].join('\n'),
    scopes: [
      "Decisions per second for one `tools/call` decision: Gatehouse's memoized ability for a",
      '10-scope token over a 200-template policy, against a CASL ability built from the same rules on',
      "every request, and against the exact-string `includes()` the peers use (the MCP SDK's",
      '`requiredScopes`, mcp-auth). `includes()` is the ceiling, not a like-for-like baseline: it',
      'cannot express wildcards, per-tool rules or conditions. "Fresh array": each request brings a new',
      'scopes array (a newly verified token); "same array": a reused one.',
    ].join('\n'),
    authServer: [
      'Token endpoint requests per second: each run sends a fixed number of requests, each consuming a',
      'code or refresh token made just before the run, outside the timing (Gatehouse: through its own',
      'store, as `/authorize` writes them; oidc-provider: through its Grant and AuthorizationCode',
      'models, its refresh tokens by real code exchanges). Both issue ES256 JWT access tokens for the',
      'same resource, require PKCE S256 for the public client and rotate refresh tokens.',
      '',
      "**Storage, honestly:** Gatehouse's default keeps codes, grants and refresh tokens in SQLite (a",
      'WAL file: every redemption and rotation is a durable, atomic database write) and writes an audit',
      'record per token to a file and the database. oidc-provider runs on its in-memory adapter (its',
      '`MemoryAdapter` logic over an unbounded `Map`: nothing survives a restart, no database). The',
      '"SQLite in memory" row shows Gatehouse without the disk. Gatehouse\'s rate limiter runs on every',
      'request with limits set too high to refuse; oidc-provider and the SDK demo have none.',
      'oidc-provider 9 prints that it supports Node.js 22+; this run used the Node.js shown above.',
      '',
      "The MCP SDK's demo authorization server (`DemoInMemoryAuthProvider`) is reported only: it keeps",
      'everything in `Map`s, issues unsigned opaque UUID access tokens and does not implement refresh.',
    ].join('\n'),
    audit: [
      'Events per second per sink (the audit suite: batches of 1,000 events recorded and flushed, hash',
      'chain included, against bare `JSON.stringify` + push or a bare `appendFile`), the caller-side',
      'latency of `record()` at 10,000 events/s, and what audit costs scenario 2: Gatehouse with its',
      'file audit against the same server without audit, in the same rounds.',
    ].join('\n'),
    scaling: [
      'Scenario 2 (Gatehouse with distinct tokens, the no-auth floor and the MCP SDK + jose peer) at',
      '1, 10, 100 and 1,000 concurrent connections, every contender in the same rounds at each step;',
      'the 1,000-connection step runs twice as long as the others, so that it holds several cycles of',
      'its 1,000 requests in flight. On two shared cores the server saturates early:',
      'beyond that point more connections only add queueing, which the p99 shows. The p99 leaves out',
      "each connection's first answer: every run opens its connections at once, and answering their",
      'first requests takes a spell that grows with the connections (the connection ramp-up column),',
      'which a server with long-lived clients goes through once.',
    ].join('\n'),
    micro: [
      'The package suites (`bench/suites/`), each function against a local baseline in the same',
      'process; see `bench/README.md`. Scenario 1 (token verification against a bare `node:crypto`',
      'verify loop) is tracked in the `tokens` suite.',
    ].join('\n'),
    reproduce: [
      '```sh',
      'pnpm install',
      'pnpm bench --full   # about 12 minutes; rewrites BENCHMARKS.md, bench/charts/ and bench/results/full.json',
      '```',
      '',
      '`pnpm bench` alone runs the quick profile (under 3 minutes, same scenarios, fewer and shorter',
      'rounds) and writes `bench/results/quick.json` without touching this file. See `bench/README.md`.',
    ].join('\n'),
  };
}
