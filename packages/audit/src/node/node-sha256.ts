import { hash } from 'node:crypto';

/**
 * SHA-256 through `node:crypto` (native, one call per digest; several times the speed of the built-in
 * pure implementation on audit-sized records). Pass it as the `sha256` option of `createAuditLogger`;
 * the file verifier here uses it already.
 *
 * @example
 * ```ts
 * import { createAuditLogger } from '@gatehouse/audit';
 * import { fileSink, nodeSha256 } from '@gatehouse/audit/node';
 *
 * const logger = createAuditLogger({ sinks: [fileSink('audit.log')], sha256: nodeSha256 });
 * ```
 */
export function nodeSha256(data: string): string {
  return hash('sha256', data, 'hex');
}
