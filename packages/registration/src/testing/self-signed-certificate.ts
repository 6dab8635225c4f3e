import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';

/** A certificate and its private key, both PEM. */
export interface SelfSignedCertificate {
  /** The certificate; also what a client passes as `ca` to trust it. */
  cert: string;
  /** The PKCS #8 private key. */
  key: string;
}

/** Options of {@link createSelfSignedCertificate}. */
export interface SelfSignedCertificateOptions {
  /** DNS names in the subjectAltName. Default `['localhost']`. */
  dnsNames?: readonly string[];
  /** IP addresses in the subjectAltName. Default `['127.0.0.1', '::1']`. */
  ipAddresses?: readonly string[];
  /** Validity from one hour ago, in hours. Default 24. */
  validHours?: number;
}

// Minimal DER (X.690) encoding: just what an X.509 v3 certificate needs.
function length(size: number): Buffer {
  if (size < 0x80) return Buffer.from([size]);
  const bytes: number[] = [];
  for (let rest = size; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}
const sequence = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));
const explicit = (n: number, content: Buffer): Buffer => tlv(0xa0 + n, content);
const utf8 = (text: string): Buffer => tlv(0x0c, Buffer.from(text, 'utf8'));
const octets = (content: Buffer): Buffer => tlv(0x04, content);
const bits = (content: Buffer): Buffer => tlv(0x03, Buffer.concat([Buffer.from([0]), content]));
function oid(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const chunk: number[] = [arc & 0x7f];
    for (let value = arc >>> 7; value > 0; value >>>= 7) chunk.unshift(0x80 | (value & 0x7f));
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}
function integer(content: Buffer): Buffer {
  const positive = (content[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), content]) : content;
  return tlv(0x02, positive);
}
function utcTime(date: Date): Buffer {
  const text = date.toISOString().replace(/[-:T]/g, '').slice(2, 14);
  return tlv(0x17, Buffer.from(`${text}Z`, 'ascii'));
}
function ipBytes(address: string): Buffer {
  if (address.includes('.')) return Buffer.from(address.split('.').map(Number));
  const [head = '', tail = ''] = address.split('::');
  const parse = (part: string): number[] =>
    part === '' ? [] : part.split(':').map((group) => Number.parseInt(group, 16));
  const left = parse(head);
  const right = parse(tail);
  const groups = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  return Buffer.from(groups.flatMap((group) => [group >> 8, group & 0xff]));
}

/** 16 random bytes with the top bit clear and the first byte non-zero: a minimal positive INTEGER. */
function serialNumber(): Buffer {
  const serial = randomBytes(16);
  serial[0] = ((serial[0] ?? 0) & 0x3f) | 0x40;
  return serial;
}

/**
 * A fresh self-signed ECDSA P-256 certificate for a local HTTPS test server, made with `node:crypto`
 * alone (no OpenSSL binary, works on any machine that runs Node). Clients trust it by passing `cert`
 * as their `ca`; nothing turns certificate checks off.
 *
 * @example
 * ```ts
 * import { createSelfSignedCertificate } from '@gatehouse/registration/testing';
 * import { createServer } from 'node:https';
 *
 * const { cert, key } = createSelfSignedCertificate({ dnsNames: ['localhost'] });
 * const server = createServer({ cert, key }, handler);
 * ```
 */
export function createSelfSignedCertificate(
  options: SelfSignedCertificateOptions = {},
): SelfSignedCertificate {
  const dnsNames = options.dnsNames ?? ['localhost'];
  const ipAddresses = options.ipAddresses ?? ['127.0.0.1', '::1'];
  const validHours = options.validHours ?? 24;
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const ecdsaWithSha256 = sequence(oid('1.2.840.10045.4.3.2'));
  const name = sequence(set(sequence(oid('2.5.4.3'), utf8(dnsNames[0] ?? 'gatehouse-test'))));
  const now = Date.now();
  const altNames = sequence(
    ...dnsNames.map((dns) => tlv(0x82, Buffer.from(dns, 'ascii'))),
    ...ipAddresses.map((ip) => tlv(0x87, ipBytes(ip))),
  );
  const extensions = explicit(
    3,
    sequence(
      sequence(oid('2.5.29.19'), octets(sequence())), // basicConstraints: not a CA
      sequence(oid('2.5.29.17'), octets(altNames)), // subjectAltName
    ),
  );
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))), // v3
    integer(serialNumber()),
    ecdsaWithSha256,
    name,
    sequence(utcTime(new Date(now - 3_600_000)), utcTime(new Date(now + validHours * 3_600_000))),
    name,
    spki,
    extensions,
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = sequence(tbs, ecdsaWithSha256, bits(signature));
  const body = der.toString('base64').replace(/.{64}/g, '$&\n');
  return {
    cert: `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`.replace('\n\n', '\n'),
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
