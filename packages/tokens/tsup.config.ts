import { packageBuild } from '../../tsup.base.ts';

export default packageBuild({
  index: 'src/index.ts',
  'koa/index': 'src/koa/index.ts',
  'node/index': 'src/node/index.ts',
});
