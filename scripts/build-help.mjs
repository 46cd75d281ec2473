#!/usr/bin/env node
// After tsc (npm run build): renders the top-level --help once into
// dist/cli/help.txt, from the very program `st-cluster` runs, so that a bare
// `st-cluster --help` need not load commander and every command definition.
// test/cli/prebuilt-help.test.ts checks it equals what commander prints.
import { readFileSync, writeFileSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const { plainHelp } = await import(new URL('dist/cli/program.js', root).href);
writeFileSync(new URL('dist/cli/help.txt', root), await plainHelp(version));
