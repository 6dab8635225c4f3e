export { nodeCryptoBackend } from './node-crypto-backend.js';
export { nodeCryptoSigner } from './node-crypto-signer.js';
