export type { AddClientInput, AddedClient } from './add-client.js';
export { addClient } from './add-client.js';
export { CLIENT_ID, checkPreRegisteredMetadata } from './pre-registered-metadata.js';
export type { ProvisionOptions } from './provision.js';
export { provisionClients, resolveSecretHash } from './provision.js';
