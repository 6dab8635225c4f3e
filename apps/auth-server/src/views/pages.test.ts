import { describe, expect, it } from 'vitest';
import { clientMetadata } from '../routes/authorize/test-helpers.js';
import { summarizeClient } from './client-summary.js';
import { consentPage } from './consent-page.js';
import { errorPage } from './error-page.js';
import { contentSecurityPolicy, formTargetFor } from './html-response.js';
import { loginPage } from './login-page.js';
import { requestErrorPage } from './request-error-page.js';
import { STYLESHEET_HASH } from './stylesheet.js';

const hostile = summarizeClient(
  {
    clientId: 'id-<b>',
    kind: 'registered',
    metadata: clientMetadata({
      client_name: '<script>alert(1)</script>\u202E Trusted\u2066App',
      logo_uri: 'https://tracker.example/logo.png',
    }),
  },
  'http://127.0.0.1:7777/callback',
);

const consent = consentPage({
  client: hostile,
  resourceName: 'Demo',
  resourceUri: 'http://127.0.0.1:9100/mcp',
  username: 'alice',
  scopes: [{ scope: 'mcp:tools:*', description: 'Use all tools', granted: false }],
  action: '/authorize',
  csrfToken: 'tok',
  formState: 'state',
});
const login = loginPage({
  client: hostile,
  resourceName: 'Demo',
  action: '/authorize/login',
  csrfToken: 'tok',
  formState: 'state',
  failed: true,
  username: '"><img src=x>',
});

describe('pages', () => {
  it('escape and neutralize client-supplied text', () => {
    for (const html of [consent, login]) {
      expect(html).not.toContain('<script>');
      expect(html).toContain('&lt;script&gt;');
      expect(html).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
      expect(html).toContain('\ufffd Trusted\ufffdApp');
      expect(html).not.toContain('<b>');
      expect(html).not.toContain('tracker.example');
      expect(html).not.toContain('<img');
    }
  });

  it('are accessible: language, labels, a heading, a main landmark, an alert for errors', () => {
    expect(login).toContain('<html lang="en">');
    expect(login).toContain('<label for="username">');
    expect(login).toContain('<label for="password">');
    expect(login).toContain('id="username"');
    expect(login).toContain('role="alert"');
    expect(login).toMatch(/<h1>[^<]+<\/h1>/);
    expect(consent).toContain('<main>');
    expect(consent).toContain('aria-labelledby="scopes-heading"');
    expect(errorPage({ title: 'T', message: 'M', code: 'ERR_X' })).toContain('role="alert"');
  });

  it('use no script and no inline style attribute (the CSP allows the stylesheet by hash only)', () => {
    for (const html of [consent, login]) {
      expect(html).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i);
    }
    expect(contentSecurityPolicy()).toContain(`style-src ${STYLESHEET_HASH}`);
  });
});

describe('request error page', () => {
  const html = requestErrorPage({
    error: 'invalid_<b>',
    errorDescription: 'bad "thing"',
    returnUrl: 'https://app.example/cb?error=x&state=%22%3E',
    returnTo: 'app.example',
  });

  it('shows the error and a link back, escaped, with no script, form or automatic redirect', () => {
    expect(html).toContain('role="alert"');
    expect(html).toContain('<code>invalid_&lt;b&gt;</code>');
    expect(html).toContain('bad &quot;thing&quot;');
    expect(html).toContain('href="https://app.example/cb?error=x&amp;state=%22%3E"');
    expect(html).toContain('Return to app.example</a>');
    expect(html).not.toMatch(/<script|<form|http-equiv|\sstyle=|\son[a-z]+=/i);
  });
});

describe('form-action targets (the 303 after a form POST must be allowed by form-action)', () => {
  it.each([
    ['http://127.0.0.1:7777/callback?x=1', 'http://127.0.0.1:7777'],
    ['https://app.example.com/cb', 'https://app.example.com'],
    ['http://[::1]:4000/cb', 'http:'],
    ['com.example.app:/oauth', 'com.example.app:'],
  ])('%s -> %s', (uri, expected) => {
    expect(formTargetFor(uri)).toBe(expected);
  });

  it('never puts separators or quotes from a URI into the policy', () => {
    const policy = contentSecurityPolicy({
      formTargets: [formTargetFor("https://a.example/x;script-src 'unsafe-inline'") ?? ''],
    });
    expect(policy).not.toContain('unsafe-inline');
  });
});
