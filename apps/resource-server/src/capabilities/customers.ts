import type { ResourceInfo } from '@gatehouse/scopes';
import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { callerOf, describeCaller } from './caller.js';

/** The resource's name: `mcp:resources:customer-data:read` grants reading it (default policy). */
export const CUSTOMER_RESOURCE = 'customer-data';
/** The URI template of customer records (RFC 6570). */
export const CUSTOMER_TEMPLATE = 'customers://records/{id}';

/** A customer record. Each belongs to one tenant. */
export interface CustomerRecord {
  readonly id: string;
  readonly tenant: string;
  readonly name: string;
  readonly plan: 'free' | 'team' | 'enterprise';
  readonly since: string;
}

/** The sample table (in memory). */
export const CUSTOMERS: readonly CustomerRecord[] = Object.freeze([
  { id: '1001', tenant: 'acme', name: 'Ada Lovelace', plan: 'enterprise', since: '2021-03-14' },
  { id: '1002', tenant: 'acme', name: 'Charles Babbage', plan: 'team', since: '2023-07-01' },
  { id: '2001', tenant: 'globex', name: 'Grace Hopper', plan: 'enterprise', since: '2020-12-09' },
  { id: '2002', tenant: 'globex', name: 'Alan Turing', plan: 'free', since: '2024-06-23' },
]);

/** A record's id: the one variable of the template, and nothing else (no `/`, `?`, `#`, `%`). */
const RECORD_URI = /^customers:\/\/records\/([0-9]{1,12})$/;

/** `customers://records/1001`. */
export function customerUri(id: string): string {
  return `customers://records/${id}`;
}

/**
 * The record at `uri`, or undefined. The guard (through {@link resolveCustomerResource}) and the read
 * handler both find the record with this one function, from the same URI string: what is authorized
 * is what is served.
 */
export function findCustomer(uri: string): CustomerRecord | undefined {
  const id = RECORD_URI.exec(uri)?.[1];
  return id === undefined ? undefined : CUSTOMERS.find((record) => record.id === id);
}

/**
 * `resolveResource` for the scope guard and the list filter: a record URI is the `customer-data`
 * resource, carrying its record's `tenant` as an attribute the policy conditions on. A URI of the
 * template's shape with no record carries no tenant, so no token may read it (the answer is the same
 * as for another tenant's record: existence does not leak). Other URIs are unknown (undefined).
 */
export function resolveCustomerResource(uri: string): ResourceInfo | undefined {
  if (!uri.startsWith('customers:')) return undefined;
  const record = findCustomer(uri);
  return {
    name: CUSTOMER_RESOURCE,
    uriTemplate: CUSTOMER_TEMPLATE,
    ...(record === undefined ? {} : { attributes: { tenant: record.tenant } }),
  };
}

/**
 * Registers the `customer-data` resource template. `resources/list` lists every record: the
 * `@gatehouse/mcp` list filter removes those the token may not read (another tenant's).
 */
export function registerCustomerData(mcp: McpServer): void {
  mcp.registerResource(
    CUSTOMER_RESOURCE,
    new ResourceTemplate(CUSTOMER_TEMPLATE, {
      list: async () => ({
        resources: CUSTOMERS.map((record) => ({
          uri: customerUri(record.id),
          name: `customer ${record.id}`,
          mimeType: 'application/json',
        })),
      }),
    }),
    {
      title: 'Customer records',
      description: 'Customer records of your tenant (the tenant claim of your token).',
      mimeType: 'application/json',
    },
    async (uri, _variables, extra) => {
      const record = findCustomer(uri.href);
      if (record === undefined) throw new Error(`no customer record at ${uri.href}`);
      const caller = callerOf(extra.authInfo);
      return {
        contents: [
          {
            uri: uri.href,
            mimeType: 'application/json',
            text: JSON.stringify({ ...record, readBy: describeCaller(caller) }),
          },
        ],
      };
    },
  );
}
