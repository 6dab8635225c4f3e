import { randomBytes } from 'node:crypto';
import type {
  OAuthClientProvider,
  OAuthDiscoveryState,
} from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import { check } from './deviation.js';
import type { AuthorizationOutcome, ScriptedBrowser } from './scripted-login.js';

/**
 * The SDK's `OAuthClientProvider`, in memory, for a public client (`token_endpoint_auth_method:
 * none`) registered by DCR. `redirectToAuthorization` hands the URL to a scripted browser (login and
 * consent over HTTP) and keeps the code for `transport.finishAuth(code)`; it also checks `state` and
 * the RFC 9207 `iss` of the response (the SDK leaves both to the provider). With `interactive` off it
 * only records that the SDK asked for a new authorization (the user would be sent to sign in).
 */
export class ScriptedClientProvider implements OAuthClientProvider {
  /** Every token response saved, in order (the last one is current). */
  readonly tokenHistory: OAuthTokens[] = [];
  /** Every authorization the SDK started, with its outcome when it was carried out. */
  readonly authorizations: { url: URL; outcome?: AuthorizationOutcome }[] = [];
  /** Perform the login and consent when the SDK asks; off: only record the request. */
  interactive = true;
  private client: OAuthClientInformationMixed | undefined;
  private current: OAuthTokens | undefined;
  private verifier = '';
  private expectedState = '';
  private discovery: OAuthDiscoveryState | undefined;
  private code: string | undefined;

  constructor(
    private readonly options: {
      browser: ScriptedBrowser;
      redirectUrl: string;
      clientName: string;
    },
  ) {}

  get redirectUrl(): string {
    return this.options.redirectUrl;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: this.options.clientName,
      redirect_uris: [this.options.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  state(): string {
    this.expectedState = randomBytes(16).toString('base64url');
    return this.expectedState;
  }

  clientInformation(): OAuthClientInformationMixed | undefined {
    return this.client;
  }

  saveClientInformation(information: OAuthClientInformationMixed): void {
    this.client = information;
  }

  tokens(): OAuthTokens | undefined {
    return this.current;
  }

  saveTokens(tokens: OAuthTokens): void {
    this.current = tokens;
    this.tokenHistory.push(tokens);
  }

  saveCodeVerifier(verifier: string): void {
    this.verifier = verifier;
  }

  codeVerifier(): string {
    return this.verifier;
  }

  saveDiscoveryState(state: OAuthDiscoveryState): void {
    this.discovery = state;
  }

  discoveryState(): OAuthDiscoveryState | undefined {
    return this.discovery;
  }

  invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): void {
    if (scope === 'all' || scope === 'client') this.client = undefined;
    if (scope === 'all' || scope === 'tokens') this.current = undefined;
    if (scope === 'all' || scope === 'verifier') this.verifier = '';
    if (scope === 'all' || scope === 'discovery') this.discovery = undefined;
  }

  async redirectToAuthorization(url: URL): Promise<void> {
    const entry: { url: URL; outcome?: AuthorizationOutcome } = { url };
    this.authorizations.push(entry);
    this.code = undefined;
    if (!this.interactive) return;
    const outcome = await this.options.browser.authorize(url, this.options.redirectUrl);
    entry.outcome = outcome;
    const { redirect } = outcome;
    check(
      redirect.searchParams.get('state') === this.expectedState,
      'the authorization response does not carry our state',
    );
    const issuer = this.discovery?.authorizationServerMetadata?.issuer;
    check(
      issuer !== undefined && redirect.searchParams.get('iss') === issuer,
      `the authorization response's iss is not the issuer ${issuer} (RFC 9207)`,
    );
    const error = redirect.searchParams.get('error');
    check(error === null, `the authorization server answered ${error}`);
    this.code = outcome.code;
  }

  /** The code of the last authorization (once). */
  takeCode(): string {
    const code = this.code;
    check(code !== undefined, 'no authorization code was received');
    this.code = undefined;
    return code;
  }
}
