#!/usr/bin/env node
// The `atalaya` command. Runs the TypeScript sources directly through tsx: nothing to build before use.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
