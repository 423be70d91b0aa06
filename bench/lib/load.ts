// Discovers cases (bench/cases/*.ts exporting `cases`) and inputs (bench/inputs/*.ts
// exporting `input`), so a new comparison is a new file and the runner stays untouched.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchCase, BenchInput } from './types.js';

async function importAll(dir: string): Promise<{ file: string; mod: Record<string, unknown> }[]> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .sort();
  const out = [];
  for (const file of files) {
    out.push({
      file,
      mod: (await import(pathToFileURL(path.join(dir, file)).href)) as Record<string, unknown>,
    });
  }
  return out;
}

export async function loadCases(benchDir: string): Promise<BenchCase[]> {
  const all: BenchCase[] = [];
  for (const { file, mod } of await importAll(path.join(benchDir, 'cases'))) {
    if (!Array.isArray(mod.cases)) throw new Error(`bench/cases/${file} must export "cases: BenchCase[]"`);
    all.push(...(mod.cases as BenchCase[]));
  }
  const ids = new Set<string>();
  for (const c of all) {
    if (ids.has(c.id)) throw new Error(`two benchmark cases share the id "${c.id}"`);
    ids.add(c.id);
  }
  return all;
}

export async function loadInputs(benchDir: string): Promise<Map<string, BenchInput>> {
  const inputs = new Map<string, BenchInput>();
  for (const { file, mod } of await importAll(path.join(benchDir, 'inputs'))) {
    const input = mod.input as BenchInput | undefined;
    if (!input?.id) throw new Error(`bench/inputs/${file} must export "input: BenchInput"`);
    if (inputs.has(input.id)) throw new Error(`two benchmark inputs share the id "${input.id}"`);
    inputs.set(input.id, input);
  }
  return inputs;
}
