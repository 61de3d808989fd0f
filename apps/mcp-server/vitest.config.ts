import { baseConfig } from '@hostkit/vitest-config';

export default baseConfig;
