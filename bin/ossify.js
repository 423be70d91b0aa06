#!/usr/bin/env node
// The ossify command: runs the compiled CLI (never compiles TypeScript at run time).
import { main } from '../dist/cli/main.js';

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(err);
    process.exitCode = 70;
  },
);
