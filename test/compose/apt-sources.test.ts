import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mirrorEntries, parseAptSources, sourcesForSuite } from '../../src/compose/apt-sources.js';

test("the machine's sources for a suite include its updates and security pockets, not other suites", () => {
  const deb822 = `Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main

Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
`;
  const oneLine = 'deb http://example.org/debian trixie main\n# deb http://x bookworm main\n';
  const sources = [...parseAptSources(deb822, true), ...parseAptSources(oneLine, false)];
  assert.deepEqual(sourcesForSuite(sources, 'bookworm', ['main', 'contrib']), [
    'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main contrib',
    'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm-updates main contrib',
    'deb http://deb.debian.org/debian-security bookworm-security main contrib',
  ]);
  assert.deepEqual(mirrorEntries(['http://m/debian', 'deb http://n/debian sid main'], 'bookworm', ['main']), [
    'deb http://m/debian bookworm main',
    'deb http://n/debian sid main',
  ]);
});
