import { isLoopbackHostname } from '../consent/loopback-host.js';
import type { ResolvedClient } from '../context.js';
import { neutralizeText } from './escape.js';

/** What the pages show about a client. All strings are neutralized plain text: escape on output. */
export interface ClientSummary {
  name: string;
  /** One letter (or `?`) for the badge. */
  initial: string;
  /** Where the browser goes back to: host (and port), or the native app's scheme. */
  redirectHost: string;
  /** True when the redirect goes to this device (loopback or a private-use scheme). */
  redirectLocal: boolean;
  /** The id as shown: the metadata document URL for CIMD clients, the registered id otherwise. */
  clientId: string;
  kind: ResolvedClient['kind'];
  /** Plain-text warnings, most important first. */
  warnings: string[];
}

function hostOf(uri: string): { host: string; hostname: string; scheme: string } | undefined {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(uri)?.[1]?.toLowerCase();
  if (scheme === undefined) return undefined;
  if (scheme !== 'http' && scheme !== 'https') return { host: '', hostname: '', scheme };
  try {
    const url = new URL(uri);
    return { host: url.host, hostname: url.hostname, scheme };
  } catch {
    return undefined;
  }
}

/** The client as the login and consent pages present it, for one verified redirect URI. */
export function summarizeClient(client: ResolvedClient, redirectUri: string): ClientSummary {
  const metadataName = client.metadata.client_name;
  const cleaned = metadataName === undefined ? '' : neutralizeText(metadataName, 60);
  const documentHost =
    client.kind === 'metadata-document' ? hostOf(client.clientId)?.host : undefined;
  const name = cleaned !== '' ? cleaned : (documentHost ?? 'An unnamed app');
  const target = hostOf(redirectUri);
  let redirectHost = 'an unknown place';
  let redirectLocal = false;
  if (target !== undefined && target.host === '') {
    redirectHost = `the app that handles “${target.scheme}:” links on this device`;
    redirectLocal = true;
  } else if (target !== undefined) {
    redirectLocal = isLoopbackHostname(target.hostname);
    // The port of a loopback redirect means nothing to a person (any port is allowed): leave it out.
    redirectHost = redirectLocal ? `${target.hostname} (an app on this device)` : target.host;
  }
  const warnings: string[] = [];
  if (client.kind === 'registered') {
    warnings.push(
      'This app registered itself: its name is self-asserted and has not been verified. ' +
        'Continue only if you started this sign-in from an app you trust.',
    );
  }
  if (client.kind === 'metadata-document' && localhostOnly(client.metadata.redirect_uris)) {
    warnings.push(
      `This app's published metadata sends you back only to your own device. Any program on ` +
        `this device could claim to be “${name}”: continue only if you started this sign-in yourself.`,
    );
  }
  return {
    name,
    initial: (Array.from(name.replace(/[^\p{L}\p{N}]/gu, ''))[0] ?? '?').toUpperCase(),
    redirectHost,
    redirectLocal,
    clientId: neutralizeText(client.clientId, 120),
    kind: client.kind,
    warnings,
  };
}

function localhostOnly(redirectUris: readonly string[]): boolean {
  if (redirectUris.length === 0) return false;
  return redirectUris.every((uri) => {
    const target = hostOf(uri);
    return target !== undefined && target.host !== '' && isLoopbackHostname(target.hostname);
  });
}
