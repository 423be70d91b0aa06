// The system state as a typed document in the spirit of bootc's Host:
// `ossify status --json` prints it and hostJsonSchema() is its JSON Schema.
// spec is what the next boot will be (the default deployment and the boot
// order); status describes every deployment and its role.
import { z } from 'zod/v4';

export const DeploymentStatusSchema = z.object({
  index: z.number().int().nonnegative().describe('position in boot order; 0 boots by default'),
  id: z.string().describe('CHECKSUM.SERIAL, the directory name under ostree/deploy/OS/deploy'),
  osname: z.string(),
  checksum: z.string().regex(/^[0-9a-f]{64}$/),
  serial: z.number().int().nonnegative(),
  ref: z.string().nullable().describe('the refspec the deployment was made from (its .origin)'),
  version: z.string().nullable().describe('the commit\'s "version" metadata'),
  subject: z.string().nullable(),
  timestamp: z.string().nullable().describe('commit time, ISO 8601'),
  origin: z.record(z.string(), z.record(z.string(), z.string())),
  kernelArgs: z.array(z.string()),
  kernelVersion: z.string().nullable(),
  bootChecksum: z.string(),
  pinned: z.boolean(),
  booted: z.boolean(),
  etcConflicts: z
    .array(z.string())
    .describe('/etc paths whose merge conflicted; NAME.ossify-new holds the new default'),
});

export const HostSchema = z.object({
  apiVersion: z.literal('ossify.dev/v1'),
  kind: z.literal('Host'),
  metadata: z.object({ sysroot: z.string() }),
  spec: z.object({
    os: z.string().nullable().describe('stateroot of the default deployment'),
    image: z
      .object({ ref: z.string().nullable(), checksum: z.string() })
      .nullable()
      .describe('what boots by default'),
    kernelArgs: z.array(z.string()),
    bootOrder: z.array(z.string()).describe('OS/CHECKSUM.SERIAL in boot order'),
  }),
  status: z.object({
    booted: DeploymentStatusSchema.nullable(),
    staged: DeploymentStatusSchema.nullable().describe(
      'always null: ossify writes deployments directly, it does not stage',
    ),
    default: DeploymentStatusSchema.nullable(),
    rollback: DeploymentStatusSchema.nullable(),
    pinned: z.array(DeploymentStatusSchema),
    other: z.array(DeploymentStatusSchema).describe('kept deployments with no other role'),
    deployments: z.array(DeploymentStatusSchema).describe('all of them, in boot order'),
    bootVersion: z.number().int().min(0).max(1),
  }),
});

export type DeploymentStatus = z.infer<typeof DeploymentStatusSchema>;
export type Host = z.infer<typeof HostSchema>;

export function hostJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(HostSchema) as Record<string, unknown>;
}
