export type { ConformanceExpectation, ConformanceTestApi } from './client-store-conformance.js';
export { runClientStoreConformance } from './client-store-conformance.js';
export type {
  MetadataDocumentServer,
  MetadataDocumentServerOptions,
  RouteHandler,
} from './metadata-document-server.js';
export { startMetadataDocumentServer } from './metadata-document-server.js';
export type {
  SelfSignedCertificate,
  SelfSignedCertificateOptions,
} from './self-signed-certificate.js';
export { createSelfSignedCertificate } from './self-signed-certificate.js';
