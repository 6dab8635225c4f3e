/**
 * The process the durability test kills: records under load to a file sink with `fsync: 'always'`
 * and prints `ack <seq>` after each flush, meaning every record up to `seq` is on disk. It also keeps
 * recording without waiting, so writes are in flight when the SIGKILL lands. Stops by itself.
 */
import { createAuditLogger } from '../index.js';
import { fileSink } from './file-sink.js';
import { nodeSha256 } from './node-sha256.js';

const [path, run] = process.argv.slice(2);
if (path === undefined) throw new Error('usage: durability-child <file> <run>');

const logger = createAuditLogger({
  sinks: [fileSink(path, { fsync: 'always' })],
  sha256: nodeSha256,
  queueSize: 100_000,
});
const deadline = Date.now() + 15_000;
let i = 0;
while (Date.now() < deadline) {
  for (let j = 0; j < 100; j++) {
    logger.record({ type: 'access.allowed', actor: { sub: `user-${i % 7}` }, details: { run, i } });
    i++;
  }
  await logger.flush();
  process.stdout.write(`ack ${logger.head().seq}\n`);
}
await logger.close();
