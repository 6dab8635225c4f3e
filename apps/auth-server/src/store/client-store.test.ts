import { runClientStoreConformance } from '@gatehouse/registration/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { allTestDialects } from './test-helpers.js';

for (const dialect of allTestDialects()) {
  describe(`clients on ${dialect.name}`, () => {
    afterAll(() => dialect.cleanup());
    runClientStoreConformance({ describe, it, expect }, async () => (await dialect.open()).clients);
  });
}
