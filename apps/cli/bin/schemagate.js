#!/usr/bin/env node
// The installed command runs the compiled CLI on plain Node; `pnpm build` writes dist/ in a checkout.
await import('../dist/main.js');
