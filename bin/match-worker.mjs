// Worker thread of `atalaya match --threads N`: loads the TypeScript worker through tsx, as bin/atalaya.mjs does.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/match-worker.ts');
