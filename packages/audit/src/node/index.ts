export type { ConsoleSinkOptions } from './console-sink.js';
export { consoleSink } from './console-sink.js';
export type { FileSinkOptions } from './file-sink.js';
export { fileSink } from './file-sink.js';
export { nodeSha256 } from './node-sha256.js';
export type { VerifyFileOptions } from './verify-file.js';
export { auditLogFiles, verifyAuditFiles, verifyAuditLog } from './verify-file.js';
