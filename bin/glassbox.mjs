#!/usr/bin/env node
// The `glassbox` command for `npx glassbox …` (package.json "bin"): the CLI
// is TypeScript (vm/cli/main.ts), so it is loaded through tsx's loader, as
// `npm run -s glassbox -- …` does with the tsx command.
import { register } from 'tsx/esm/api';

register();
await import('../vm/cli/main.ts');
