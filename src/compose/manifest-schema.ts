// The compose manifest's schema (zod v4). It is the single source for
// validation, the TypeScript type and `ossify compose schema` (JSON Schema).
// Objects are strict so a misspelt field is an error, not silently ignored.
import { z } from 'zod/v4';

const VARIANTS = [
  'extract',
  'custom',
  'essential',
  'apt',
  'required',
  'minbase',
  'buildd',
  'important',
  'debootstrap',
  'standard',
] as const;

// Debian policy §5.6.1 package names; an optional =version pins it by hand.
const packageName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9+.-]+(:[a-z0-9-]+)?(=[A-Za-z0-9.+~:-]+)?$/, 'not a Debian package name');
const absPath = z.string().regex(/^\/[^\0]*$/, 'must be an absolute path inside the tree');
const unitName = z
  .string()
  .regex(
    /^[A-Za-z0-9:_.@\\-]+\.(service|socket|target|timer|path|mount|automount|swap|slice|scope|device)$/,
    'not a systemd unit name',
  );
const account = z
  .string()
  .regex(/^[a-z_][a-z0-9_-]*\$?$/, 'not a valid user or group name')
  .max(32);

export const baseSchema = z
  .strictObject({
    suite: z.string().min(1).optional().describe('Debian suite built with mmdebstrap, e.g. bookworm'),
    variant: z.enum(VARIANTS).optional().describe('mmdebstrap --variant (default minbase)'),
    mirror: z
      .union([z.string().min(1), z.array(z.string().min(1))])
      .optional()
      .describe(
        "mirror URL or full one-line sources entries; default: the machine's apt sources for the suite",
      ),
    components: z.array(z.string().min(1)).optional().describe('archive components (default [main])'),
    arch: z.string().min(1).optional().describe("Debian architecture (default: the host's)"),
    tarball: z.string().min(1).optional().describe('a root file system tarball to start from'),
    directory: z.string().min(1).optional().describe('a root file system directory to start from'),
    ref: z.string().min(1).optional().describe('an existing ref in the target repository to build on'),
  })
  .refine((b) => [b.suite, b.tarball, b.directory, b.ref].filter((x) => x !== undefined).length === 1, {
    message: 'set exactly one of suite, tarball, directory, ref',
  });

const modeSchema = z
  .union([
    z.string().regex(/^0?[0-7]{3,4}$/, 'octal mode such as "0644"'),
    z.number().int().min(0).max(0o7777),
  ])
  .describe('octal mode, e.g. "0644"');

export const fileSchema = z
  .strictObject({
    path: absPath,
    content: z.string().optional().describe('inline content'),
    source: z.string().min(1).optional().describe('file to copy, relative to the manifest'),
    mode: modeSchema.optional(),
    owner: z
      .string()
      .regex(/^[a-z0-9_][a-z0-9_-]*(:[a-z0-9_][a-z0-9_-]*)?$/, 'user or user:group')
      .optional(),
  })
  .refine((f) => (f.content === undefined) !== (f.source === undefined), {
    message: 'set exactly one of content, source',
  });

export const userSchema = z.strictObject({
  name: account,
  uid: z.number().int().min(0).max(65533).optional(),
  group: account.optional().describe('primary group (default: a group named like the user)'),
  system: z.boolean().optional(),
  gecos: z
    .string()
    .regex(/^[^:\n"]*$/, 'no colons, quotes or newlines')
    .optional(),
  home: absPath.optional(),
  shell: absPath.optional(),
  groups: z.array(account).optional().describe('supplementary groups'),
  password: z
    .string()
    .regex(/^\$[0-9a-z]+\$[^:\n]+$/, 'a crypt(3) hash such as $y$...')
    .optional(),
});

export const groupSchema = z.strictObject({
  name: account,
  gid: z.number().int().min(0).max(65533).optional(),
  system: z.boolean().optional(),
});

export const scriptSchema = z.union([
  z.string().min(1),
  z.strictObject({ name: z.string().min(1).optional(), run: z.string().min(1) }),
]);

export const manifestSchema = z
  .strictObject({
    ref: z.string().regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, 'not a valid ref name'),
    version: z.union([z.string().min(1), z.number()]).describe('version recorded in the commit'),
    os: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only')
      .describe('OS name used by deployments'),
    base: baseSchema,
    packages: z.array(packageName).optional(),
    remove: z.array(packageName).optional(),
    files: z.array(fileSchema).optional(),
    users: z.array(userSchema).optional(),
    groups: z.array(groupSchema).optional(),
    units: z
      .strictObject({
        enable: z.array(unitName).optional(),
        disable: z.array(unitName).optional(),
        mask: z.array(unitName).optional(),
      })
      .optional(),
    hostname: z
      .string()
      .regex(/^[a-zA-Z0-9]([a-zA-Z0-9-]{0,62})(\.[a-zA-Z0-9-]{1,63})*$/, 'not a host name')
      .optional(),
    timezone: z
      .string()
      .regex(/^[A-Za-z0-9_+/-]+$/, 'an IANA zone such as Europe/Berlin')
      .optional(),
    locale: z
      .string()
      .regex(/^[A-Za-z0-9_.@-]+$/, 'a locale such as C.UTF-8')
      .optional(),
    kernel: z
      .strictObject({ args: z.array(z.string().regex(/^\S+$/, 'one argument, no spaces')) })
      .optional(),
    scripts: z.array(scriptSchema).optional(),
  })
  .describe('ossify compose manifest');

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestFile = z.infer<typeof fileSchema>;
export type ManifestUser = z.infer<typeof userSchema>;
export type ManifestGroup = z.infer<typeof groupSchema>;

/** JSON Schema of the manifest, for editors and `ossify compose schema`. */
export function manifestJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(manifestSchema) as Record<string, unknown>;
}
