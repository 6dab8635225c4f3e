import { afterAll, describe } from 'vitest';
import { runAuthStoreConformance } from './store-conformance.js';
import { allTestDialects } from './test-helpers.js';

for (const dialect of allTestDialects()) {
  describe(`AuthStore on ${dialect.name}`, () => {
    afterAll(() => dialect.cleanup());
    runAuthStoreConformance(() => dialect.open());
  });
}
