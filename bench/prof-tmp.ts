import { createAccessTokenIssuer, createAccessTokenVerifier, createKeySet, generateSigningKey, type SigningAlgorithm } from '@gatehouse/tokens';
import { nodeCryptoBackend } from '@gatehouse/tokens/node';
const alg = (process.argv[2] ?? 'RS256') as SigningAlgorithm;
const keys = createKeySet({ active: await generateSigningKey({ alg }) });
const issuer = createAccessTokenIssuer({ issuer: 'https://as.example', keys });
const tokens: string[] = [];
for (let i = 0; i < 512; i++) tokens.push((await issuer.issue({ subject: 'user-123', clientId: 'client-abc', audience: 'https://rs.example/mcp', scope: 'files:read files:write' })).token);
const v = createAccessTokenVerifier({ issuer: 'https://as.example', audience: 'https://rs.example/mcp', algorithms: [alg], jwks: keys, cache: false, backend: nodeCryptoBackend });
const t0 = performance.now(); let n = 0;
while (performance.now() - t0 < 4000) { await v.verify(tokens[n++ % 512]!); }
console.log(alg, (n / 4).toFixed(0), 'ops/s');
