export { runInEdgeRuntime } from './run-in-edge-runtime.js';
