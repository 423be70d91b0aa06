// ossify compose schema: the manifest's JSON Schema (for editors and CI checks).
import type { CliCommand } from '../command.js';
import { manifestJsonSchema } from '../../compose/index.js';

export const composeSchemaCommand: CliCommand<Record<string, unknown>> = {
  path: ['compose', 'schema'],
  summary: 'print the JSON Schema of compose manifests',
  async run() {
    return manifestJsonSchema();
  },
  render: (schema) => JSON.stringify(schema, null, 2),
};
