#!/usr/bin/env node
// The ossify command: runs the bundled CLI (dist/bundle, built by esbuild; nothing
// is compiled at run time, and one file per command chunk loads faster than ~80
// separate modules).
import { main } from '../dist/bundle/main.js';

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(err);
    process.exitCode = 70;
  },
);
