import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAuditLogger, createRedactor, memorySink, verifyAuditLog } from './index.js';

const MARK = /^\[redacted:[0-9a-f]{12}\]$/;
const JWT =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6ImF0K2p3dCJ9.eyJzdWIiOiJ1c2VyLTEiLCJhdWQiOiJodHRwczovL21jcCJ9.c2lnbmF0dXJlLWJ5dGVz';

describe('createRedactor: built-in rules', () => {
  const redactor = createRedactor({ fingerprintKey: 'k'.repeat(32) });

  it('replaces values of properties named like secrets, at any depth and in any spelling', () => {
    const names = [
      'access_token',
      'refreshToken',
      'ID-Token',
      'token',
      'client_secret',
      'password',
      'passwd',
      'code',
      'authorization_code',
      'user_codes',
      'code_verifier',
      'client_assertion',
      'Authorization',
      'cookie',
      'apiKey',
      'private_key',
      'credentials',
      'session_id',
      'dpop',
      'signing_key',
      'bearer',
    ];
    for (const name of names) {
      const out = redactor.redact({ a: [{ b: { [name]: 's3cr3t-value' } }] }) as {
        a: [{ b: Record<string, unknown> }];
      };
      expect(out.a[0].b[name], name).toMatch(MARK);
    }
  });

  it('keeps OAuth vocabulary that only sounds secret', () => {
    const plain = {
      token_type: 'Bearer',
      token_type_hint: 'refresh_token',
      token_endpoint_auth_method: 'none',
      client_secret_expires_at: 0,
      status_code: 401,
      error_code: 'ERR_X',
      code_challenge_method: 'S256',
      reason: 'ERR_TOKEN_EXPIRED',
    };
    expect(redactor.redact(plain)).toEqual(plain);
  });

  it('finds secrets inside strings: JWTs, Bearer/Basic/DPoP, query, form and JSON parameters', () => {
    const cases: Array<[string, string]> = [
      [JWT, ''],
      [`Bearer ${JWT}`, 'Bearer '],
      ['Bearer opaque-token-value', 'Bearer '],
      ['basic dXNlcjpwYXNzd29yZA==', 'basic '],
      ['DPoP some-dpop-bound-token', 'DPoP '],
      ['/callback?state=xyz&code=SplxlOBeZQQYbYS6WxSbIA', '/callback?state=xyz&code='],
      [
        'grant_type=refresh_token&refresh_token=tGzv3JOkF0XG5Qx2TlKWIA',
        'grant_type=refresh_token&refresh_token=',
      ],
      ['{"client_secret":"hunter2hunter2"}', '{"client_secret":"'],
      [`prefixkey${JWT}`, 'prefixkey'],
      ['postgres://app:s3cr3t-pw@db.internal:5432/gatehouse', 'postgres://'],
      ['login failed, password: hunter2hunter2', 'login failed, password: '],
      ["{'client_secret': 'abc123456'}", "{'client_secret': '"],
      ['{"password" : "with a space"}', '{"password" : "'],
      ['cookie: sid=abcdef; theme=dark', 'cookie: '],
      [
        'return_to=https://app.example/cb?code=SplxlOBeZQQYbYS6',
        'return_to=https://app.example/cb?code=',
      ],
      ['-: password: hunter2hunter2', '-: password: '],
    ];
    for (const [input, keptPrefix] of cases) {
      const out = redactor.redact(input) as string;
      expect(out.startsWith(keptPrefix), input).toBe(true);
      expect(out.slice(keptPrefix.length), input).toMatch(/^\[redacted:[0-9a-f]{12}\]/);
    }
    expect(redactor.redact('token_type_hint=refresh_token&scope=a')).toBe(
      'token_type_hint=refresh_token&scope=a',
    );
  });

  it('redacts credential headers of any scheme, percent-encoded parameters, rawHeaders and bytes', () => {
    const secrets = ['Zm9vOmJhcg', 'sid-4f2a9c', 'pref-77aa1', 'SplxlOBeZQQYbYS6', 'rt-9f8e7d6c'];
    const leaks = (value: unknown): string[] => {
      const out = JSON.stringify(redactor.redact(value));
      return secrets.filter((secret) => out.includes(secret));
    };
    // header lines with a scheme the Bearer/Basic/DPoP rule does not know, and every cookie
    expect(leaks('Authorization: Token Zm9vOmJhcg')).toEqual([]);
    expect(leaks('proxy-authorization: Digest username="u", response="Zm9vOmJhcg"')).toEqual([]);
    expect(leaks('Cookie: theme=dark; sid=sid-4f2a9c; pref=pref-77aa1\nHost: a')).toEqual([]);
    expect(redactor.redact('Cookie: a=b\nHost: app.example')).toMatch(/\nHost: app\.example$/);
    // a query nested, percent-encoded (once or twice), in another parameter or a path
    expect(
      leaks('/login?next=https%3A%2F%2Fapp%2Fcb%3Fstate%3Dx%26code%3DSplxlOBeZQQYbYS6'),
    ).toEqual([]);
    expect(leaks('next=%252Fcb%253Frefresh%255Ftoken%253Drt-9f8e7d6c%2526a%253Db')).toEqual([]);
    expect(redactor.redact('next=%2Fcb%3Fstate%3Dxyz%26scope%3Dread')).toBe(
      'next=%2Fcb%3Fstate%3Dxyz%26scope%3Dread',
    );
    // Node's rawHeaders: [name, value, name, value, ...]
    const raw = ['Host', 'app', 'Authorization', 'Token Zm9vOmJhcg', 'cookie', 'sid=sid-4f2a9c'];
    expect(leaks({ rawHeaders: raw })).toEqual([]);
    expect((redactor.redact(raw) as string[]).slice(0, 3)).toEqual([
      'Host',
      'app',
      'Authorization',
    ]);
    // bytes: a Buffer, a typed array or an ArrayBuffer is never spelled out one number per byte
    const body = new TextEncoder().encode('grant_type=refresh_token&refresh_token=rt-9f8e7d6c');
    for (const bytes of [body, Buffer.from(body), body.buffer, new DataView(body.buffer)]) {
      const out = redactor.redact({ body: bytes }) as { body: unknown };
      expect(out.body).toMatch(MARK);
    }
    expect(redactor.redact(new Uint8Array(70_000))).toBe('[omitted: 70000 bytes]');
  });

  it('hides a URL userinfo up to its last @, and a token used as a user name', () => {
    const cases: Array<[string, string[], string]> = [
      ['https://user:p@ss@host.example/x', ['p@ss', 'ss@host', 'user'], '@host.example/x'],
      ['postgres://u:se@cret@db/x', ['se@cret', 'cret'], '@db/x'],
      [
        'see postgres://app:a@b:c@d@db.internal:5432/gh now',
        ['a@b', 'c@d', 'b:c'],
        '@db.internal:5432/gh now',
      ],
      ['https://us@er:pa:ss@host/', ['us@er', 'pa:ss'], '@host/'],
      [
        'https://ghp_TokenAsUserName123@github.com/o/r.git',
        ['ghp_TokenAsUserName123'],
        '@github.com/o/r.git',
      ],
      ['https://tok-12345678:x-oauth-basic@github.com', ['tok-12345678'], '@github.com'],
      ['{"dsn":"redis://:pa@ss@cache:6379"}', ['pa@ss', 'ss@cache'], '@cache:6379"}'],
      // percent-encoded inside another value, once or twice, with an encoded or a plain @
      ['/login?next=https%3A%2F%2Fu%3Ap%40ss%40host%2Fx', ['p%40ss', 'ss%40host'], '%40host%2Fx'],
      ['next=https%253A%252F%252Fu%253Asec%2540ret%2540h%252F', ['sec%2540ret'], '%2540h%252F'],
      ['next=https%3A%2F%2Fu%3Ap@ss@host%2Fx', ['p@ss', 'ss@host'], '@host%2Fx'],
    ];
    for (const [input, secrets, kept] of cases) {
      const out = redactor.redact(input) as string;
      for (const secret of secrets) expect(out, input).not.toContain(secret);
      expect(out.endsWith(kept), `${input} -> ${out}`).toBe(true);
      expect(out, input).toMatch(/\[redacted:[0-9a-f]{12}\]/);
    }
    // nothing to hide: no userinfo, or an @ in the path or the query
    for (const text of [
      'https://app.example/cb?login=a@b.example',
      'next=https%3A%2F%2Fapp.example%2Fcb%3Flogin%3Da%40b.example',
      'next=https%3A%2F%2Fapp.example%2Fusers%2F%40me',
      'https://app.example/users/@me',
      'mailto:someone@example.com',
      'https://[::1]:8080/x',
    ]) {
      expect(redactor.redact(text)).toBe(text);
    }
  });

  it('hides rawHeaders values by the rule for property names: one rule for both', () => {
    const names = [
      'X-Api-Key',
      'x-auth-token',
      'Mcp-Session-Id',
      'X-Amz-Security-Token',
      'Private-Token',
      'X-Csrf-Token',
      'X-Vault-Token',
      'Ocp-Apim-Subscription-Key',
      'X-Functions-Key',
      'X-Auth-Key',
      'Api-Key',
      'DPoP',
      'Authorization',
      'Proxy-Authorization',
      'Cookie',
      'Set-Cookie',
    ];
    const raw = ['Host', '127.0.0.1:3000', 'User-Agent', 'node'];
    for (const [i, name] of names.entries()) raw.push(name, `value-${i}-7f3a9c`);
    const out = redactor.redact({ rawHeaders: raw }) as { rawHeaders: string[] };
    expect(JSON.stringify(out)).not.toMatch(/value-\d+-7f3a9c/);
    expect(out.rawHeaders.slice(0, 4)).toEqual(['Host', '127.0.0.1:3000', 'User-Agent', 'node']);
    names.forEach((name, i) => {
      expect(out.rawHeaders[4 + 2 * i]).toBe(name);
      expect(out.rawHeaders[5 + 2 * i], name).toMatch(MARK);
      // the same name as an object key
      const asKey = redactor.redact({ [name]: `value-${i}-7f3a9c` }) as Record<string, string>;
      expect(asKey[name], name).toMatch(MARK);
    });
    // user rules apply to both too
    const custom = createRedactor({ keys: ['x-tenant-pass', /^x-internal-/i] });
    expect(
      custom.redact(['X-Tenant-Pass', 'tp-1', 'X-Internal-Route', 'blue', 'X-Other', 'o']),
    ).toEqual([
      'X-Tenant-Pass',
      expect.stringMatching(MARK),
      'X-Internal-Route',
      expect.stringMatching(MARK),
      'X-Other',
      'o',
    ]);
  });

  it('property: a header name hides its value in rawHeaders exactly when it does as a key', () => {
    const custom = createRedactor({ keys: ['x-custom-pass'] });
    const nameArb = fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9_-]{1,24}$/),
      fc.constantFrom('X-Api-Key', 'Mcp-Session-Id', 'X-Custom-Pass', 'Host', 'Accept', 'Code'),
      fc
        .tuple(
          fc.stringMatching(/^[A-Za-z-]{0,6}$/),
          fc.constantFrom('token', 'Secret', 'KEY', 'code'),
        )
        .map(([prefix, word]) => `${prefix}${word}`),
    );
    fc.assert(
      fc.property(nameArb, secretArb, (name, secret) => {
        const asKey = (custom.redact({ [name]: secret }) as Record<string, string>)[name];
        const inList = (custom.redact(['Host', 'h', name, secret]) as string[])[3];
        expect(MARK.test(inList as string), name).toBe(MARK.test(asKey as string));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps lists of OAuth values and scopes readable', () => {
    const plain = {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code', 'token'],
      methods: ['none', 'client_secret_basic', 'client_secret_post', 'private_key_jwt'],
      scopes: ['mcp:tools:get_token', 'mcp:tools:weather', 'mcp:resources:customer-data:read'],
      words: ['my token was', 'refused'],
    };
    expect(redactor.redact(plain)).toEqual(plain);
  });

  it('scans hostile strings in linear time', () => {
    const started = performance.now();
    for (const input of [
      `%3D${'a'.repeat(65_000)}`,
      `${'a%5F'.repeat(16_000)}`,
      `x%3D${'%25'.repeat(21_000)}`,
      `${'code'.repeat(16_000)}%3D`,
      `authorization:${' '.repeat(65_000)}`,
      `//${'a@'.repeat(32_000)}`,
      `${'//a'.repeat(21_000)}@`,
      `%2F%2F${'a%40'.repeat(16_000)}`,
      `${'%2F%2Fa'.repeat(9_000)}%40`,
      `%252F%252F${'%25'.repeat(21_000)}`,
    ]) {
      redactor.redact(input);
    }
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('gives the same answer for a string seen before, clean or not', () => {
    for (let i = 0; i < 3; i++) {
      expect(redactor.redact('https://app.example/cb?state=1')).toBe(
        'https://app.example/cb?state=1',
      );
      expect(redactor.redact('https://app.example/cb?code=abcdef123')).toMatch(/code=\[redacted:/);
    }
  });

  it('does not mistake ordinary text and host names for JWTs', () => {
    for (const text of [
      'eyeglasses-and-more.example.com',
      'journey.planner.example',
      'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0.0.0',
      'mcp:tools:read mcp:tools:write',
      'at 07:07:14 scope: mcp:tools, grant_type: authorization_code',
    ]) {
      expect(redactor.redact(text)).toBe(text);
    }
  });

  it('redacts a JWT used as a property name', () => {
    const out = redactor.redact({ [JWT]: 1 }) as Record<string, unknown>;
    expect(Object.keys(out)).toHaveLength(1);
    expect(Object.keys(out)[0]).toMatch(MARK);
  });

  it('fingerprints: equal secrets correlate, other keys and other secrets do not', () => {
    const again = createRedactor({ fingerprintKey: 'k'.repeat(32) });
    const other = createRedactor({ fingerprintKey: 'x'.repeat(32) });
    expect(redactor.mark('abc')).toBe(again.mark('abc'));
    expect(redactor.mark('abc')).not.toBe(redactor.mark('abd'));
    expect(redactor.mark('abc')).not.toBe(other.mark('abc'));
    expect(createRedactor().mark('abc')).not.toBe(createRedactor().mark('abc'));
  });

  it('bounds its output and turns anything into JSON', () => {
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 20; i++) {
      deep.next = {};
      deep = deep.next as Record<string, unknown>;
    }
    const error = Object.assign(new Error('password is hunter2'), { code: 'ERR_X' });
    const out = redactor.redact({
      circular,
      root,
      error,
      big: 10n,
      when: new Date(0),
      nan: Number.NaN,
      fn: () => 1,
      sym: Symbol('x'),
      undef: undefined,
      long: 'x'.repeat(5000),
      huge: 'x'.repeat(70_000),
      list: Array.from({ length: 300 }, (_, i) => i),
    }) as Record<string, unknown>;
    expect(out.circular).toEqual({ a: 1, self: '[circular]' });
    expect(JSON.stringify(out.root)).toContain('[truncated]');
    expect(out.error).toEqual({ name: 'Error', code: 'ERR_X' });
    expect(out).toMatchObject({ big: '10', when: '1970-01-01T00:00:00.000Z', nan: null });
    expect(Object.keys(out)).not.toContain('fn');
    expect(Object.keys(out)).not.toContain('sym');
    expect(Object.keys(out)).not.toContain('undef');
    expect(out.long).toHaveLength(4096 + '[truncated]'.length);
    expect(out.huge).toBe('[omitted: 70000 characters]');
    expect(out.list).toHaveLength(256);
  });

  it('bounds the whole output, so that one record always fits a line the file sink reads back', async () => {
    const wide = Object.fromEntries(
      Array.from({ length: 256 }, (_, i) => [
        `k${i}`,
        Object.fromEntries(
          Array.from({ length: 256 }, (_, j) => [`v${j}`, `\u0001${'x'.repeat(4000)}`]),
        ),
      ]),
    );
    const secrets = Object.fromEntries(
      Array.from({ length: 256 }, (_, i) => [
        `n${i}`,
        Object.fromEntries(Array.from({ length: 256 }, (_, j) => [`token${j}`, 'secret'])),
      ]),
    );
    const rows = Array.from({ length: 256 }, () => Array.from({ length: 256 }, (_, i) => i));
    for (const value of [wide, secrets, rows]) {
      const out = redactor.redact(value);
      expect(JSON.stringify(out).length).toBeLessThan(600_000);
      expect(JSON.stringify(out)).toContain('[truncated]');
    }
    const sink = memorySink();
    const logger = createAuditLogger({ sinks: [sink] });
    logger.record({
      type: 'access.denied',
      details: { wide, secrets },
      request: rows as never,
      target: { type: 'x', more: secrets } as never,
    });
    await logger.close();
    expect((sink.lines[0] as string).length).toBeLessThan(4 * 1024 * 1024);
    expect((await verifyAuditLog(sink.lines)).ok).toBe(true);
  });

  it('does not let __proto__ pollute anything', () => {
    const out = redactor.redact(JSON.parse('{"__proto__":{"polluted":true}}')) as object;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(out)).toBe('{"__proto__":{"polluted":true}}');
  });
});

describe('createRedactor: user rules', () => {
  it('adds property names (normalised or RegExp) and value patterns', () => {
    const redactor = createRedactor({
      keys: ['SSN', /^x-internal-/],
      patterns: [/sk_live_[A-Za-z0-9]+/, /\b\d{4}-\d{4}-\d{4}-\d{4}\b/g],
    });
    const out = redactor.redact({
      ssn: '078-05-1120',
      'x-internal-route': 'blue',
      note: 'key sk_live_abc123 and card 4111-1111-1111-1111 twice sk_live_zzz',
    }) as Record<string, string>;
    expect(out.ssn).toMatch(MARK);
    expect(out['x-internal-route']).toMatch(MARK);
    expect(out.note).not.toMatch(/sk_live|4111/);
    expect(out.note?.match(/\[redacted:/g)).toHaveLength(3);
  });

  it('refuses malformed rules with TypeError', () => {
    for (const options of [
      { keys: 'token' },
      { keys: [1] },
      { patterns: ['x'] },
      { fingerprintKey: 'short' },
      { fingerprintKey: 42 },
      null,
    ]) {
      expect(() => createRedactor(options as never)).toThrow(TypeError);
    }
  });
});

// A secret: long enough never to appear by chance, from the base64url alphabet.
const secretArb = fc.stringMatching(/^[A-Za-z0-9_-]{24,40}$/);
const b64 = (text: string): string =>
  btoa(text).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
const SECRET_NAMES = [
  'access_token',
  'client_secret',
  'password',
  'code',
  'code_verifier',
  'assertion',
  'Authorization',
  'refreshToken',
  'ssn',
];

/** Where a planted secret goes, and what text must never reach a sink. */
const plantArb = fc.oneof(
  fc.record({
    kind: fc.constant('key' as const),
    name: fc.constantFrom(...SECRET_NAMES),
    secret: secretArb,
  }),
  fc.record({
    kind: fc.constant('jwt' as const),
    secret: secretArb,
    header: fc.constantFrom(
      '{"alg":"RS256"}',
      '{ "alg": "none" }',
      '{"typ":"at+jwt","alg":"ES256"}',
    ),
  }),
  fc.record({
    kind: fc.constant('bearer' as const),
    secret: secretArb,
    scheme: fc.constantFrom('Bearer', 'bearer', 'DPoP', 'Basic'),
  }),
  fc.record({
    kind: fc.constant('query' as const),
    secret: secretArb,
    name: fc.constantFrom('code', 'access_token', 'client_secret', 'code_verifier'),
  }),
  fc.record({ kind: fc.constant('rule' as const), secret: secretArb }),
  fc.record({
    kind: fc.constant('url' as const),
    secret: secretArb,
    more: secretArb,
    // a password, one with unencoded @ and :, a token as the user name, both, percent-encoded
    shape: fc.constantFrom('password', 'at-sign', 'user', 'both', 'encoded'),
  }),
  fc.record({
    kind: fc.constant('header' as const),
    secret: secretArb,
    name: fc.constantFrom(
      'Authorization',
      'X-Api-Key',
      'X-Auth-Token',
      'Mcp-Session-Id',
      'Cookie',
      'X-Amz-Security-Token',
      'Private-Token',
      'Ocp-Apim-Subscription-Key',
      'ssn',
    ),
    upper: fc.boolean(),
    before: fc.array(fc.constantFrom('Host', 'app.example', 'Accept', '*/*', 'X-Trace', 'a'), {
      maxLength: 4,
    }),
  }),
  fc.record({
    kind: fc.constant('member' as const),
    secret: secretArb,
    name: fc.constantFrom(
      'password',
      'client_secret',
      '"refresh_token"',
      "'code'",
      'Authorization',
    ),
  }),
);

interface Plant {
  kind: 'key' | 'jwt' | 'bearer' | 'query' | 'rule' | 'url' | 'member' | 'header';
  secret: string;
  more?: string;
  shape?: string;
  header?: string;
  scheme?: string;
  name?: string;
  upper?: boolean;
  before?: string[];
}

function plantedUrl(plant: Plant): { text: string; forbidden: string[] } {
  const { secret } = plant;
  const more = plant.more ?? '';
  switch (plant.shape) {
    case 'at-sign':
      return { text: `postgres://svc:${secret}@:${more}@db.example/x`, forbidden: [secret, more] };
    case 'user':
      return { text: `https://${secret}@github.example/o/r.git`, forbidden: [secret] };
    case 'both':
      return { text: `https://${secret}:${more}@db.example`, forbidden: [secret, more] };
    case 'encoded':
      return {
        text: `/login?next=https%3A%2F%2Fsvc%3A${secret}%40${more}%40db.example%2Fx`,
        forbidden: [secret, more],
      };
    default:
      return { text: `https://svc:${secret}@db.example/x`, forbidden: [secret] };
  }
}

function plantedValue(plant: Plant): { text: string; forbidden: string | string[] } {
  switch (plant.kind) {
    case 'jwt': {
      const token = `${b64(plant.header ?? '')}.${b64(`{"sub":"${plant.secret}"}`)}.${plant.secret}`;
      return { text: token, forbidden: plant.secret };
    }
    case 'bearer':
      return { text: `${plant.scheme} ${plant.secret}`, forbidden: plant.secret };
    case 'query':
      return { text: `/cb?state=s&${plant.name}=${plant.secret}`, forbidden: plant.secret };
    case 'rule':
      return { text: `ghp_${plant.secret}`, forbidden: plant.secret };
    case 'member':
      return { text: `${plant.name}: ${plant.secret}`, forbidden: plant.secret };
    case 'url':
      return plantedUrl(plant);
    case 'header':
      return { text: '', forbidden: plant.secret };
    default:
      return { text: plant.secret, forbidden: plant.secret };
  }
}

/** Node's rawHeaders: `[name, value, …]`, the secret as the value of a credential header. */
function headerList(plant: Plant): string[] {
  const name = plant.name as string;
  return [
    ...(plant.before ?? []),
    ...((plant.before ?? []).length % 2 === 1 ? ['v'] : []),
    plant.upper ? name.toUpperCase() : name.toLowerCase(),
    plant.secret,
    'Accept',
    '*/*',
  ];
}

describe('property: a planted secret never reaches a sink', () => {
  it('holds for random events, wherever the secret is planted', async () => {
    const sink = memorySink();
    const logger = createAuditLogger({
      sinks: [sink],
      redact: { keys: ['ssn'], patterns: [/ghp_[A-Za-z0-9_-]+/] },
    });
    const jsonish = fc.jsonValue({ maxDepth: 3 });
    await fc.assert(
      fc.asyncProperty(
        plantArb,
        fc.dictionary(fc.string({ maxLength: 8 }), jsonish, { maxKeys: 4 }),
        fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }),
        fc.constantFrom('details', 'target', 'actor', 'request', 'reason', 'userAgent', 'array'),
        // the text around the secret: random, or made of the separators the rules look for
        fc.oneof(
          fc.string({ maxLength: 12 }),
          fc.constantFrom('-:', 'x=', 'a=b&', 'next=/cb?', '"k": ', "'k':", 'note:', '://u:', '@'),
        ),
        async (plant: Plant, noise, path, chosen, surround) => {
          sink.clear();
          // a secret-named property only hides its value where it is a property, and a header list
          // is a list: in details
          const inDetails = plant.kind === 'key' || plant.kind === 'header';
          const where = inDetails && chosen !== 'array' ? 'details' : chosen;
          const { text, forbidden } = plantedValue(plant);
          const value: unknown =
            plant.kind === 'header'
              ? headerList(plant)
              : plant.kind === 'key'
                ? text
                : `${surround} ${text} ${surround}`;
          const details: Record<string, unknown> = { ...noise };
          let cursor = details;
          for (const segment of path) {
            const next: Record<string, unknown> = {};
            cursor[`n_${segment}`] = next;
            cursor = next;
          }
          const name = plant.kind === 'key' ? (plant.name as string) : 'note';
          cursor[name] = value;
          const asText = value as string;
          logger.record({
            type: 'token.issued',
            actor: where === 'actor' ? { sub: asText, clientId: 'c' } : { sub: 'u' },
            request: where === 'userAgent' ? { userAgent: asText } : { path: '/token' },
            target: where === 'target' ? { type: 'token', id: asText } : { type: 'token' },
            ...(where === 'reason' ? { reason: asText } : {}),
            details: where === 'array' ? { list: [noise, { [name]: value }] } : details,
          });
          await logger.flush();
          const written = sink.lines.join('\n');
          expect(sink.records).toHaveLength(1);
          for (const secret of [forbidden].flat()) expect(written).not.toContain(secret);
        },
      ),
      { numRuns: 300 },
    );
  });
});
