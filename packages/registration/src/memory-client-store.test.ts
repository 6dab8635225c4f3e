import { describe, expect, it } from 'vitest';
import { createMemoryClientStore } from './index.js';
import { runClientStoreConformance } from './testing/index.js';

runClientStoreConformance({ describe, it, expect }, () => createMemoryClientStore());
