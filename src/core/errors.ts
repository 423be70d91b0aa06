// Typed errors: every failure a user can cause or fix is an OssifyError with a
// stable code, the offending path or value in the message, and a hint. Programmer
// errors stay plain Error so they are never mistaken for user mistakes.

export type OssifyErrorCode =
  | 'ERR_OSSIFY_USAGE'
  | 'ERR_OSSIFY_NOT_A_REPO'
  | 'ERR_OSSIFY_REPO_EXISTS'
  | 'ERR_OSSIFY_REPO_CONFIG'
  | 'ERR_OSSIFY_INVALID_REF'
  | 'ERR_OSSIFY_REF_NOT_FOUND'
  | 'ERR_OSSIFY_INVALID_CHECKSUM'
  | 'ERR_OSSIFY_OBJECT_MISSING'
  | 'ERR_OSSIFY_OBJECT_CORRUPT'
  | 'ERR_OSSIFY_INVALID_GVARIANT'
  | 'ERR_OSSIFY_SPECIAL_FILE'
  | 'ERR_OSSIFY_UNSAFE_PATH'
  | 'ERR_OSSIFY_INVALID_TAR'
  | 'ERR_OSSIFY_INVALID_INPUT'
  | 'ERR_OSSIFY_NOT_FOUND'
  | 'ERR_OSSIFY_EXISTS'
  | 'ERR_OSSIFY_LOCKED'
  | 'ERR_OSSIFY_FSCK_FAILED'
  | 'ERR_OSSIFY_IO'
  | 'ERR_OSSIFY_NO_SPACE'
  | 'ERR_OSSIFY_TOOL_FAILED'
  | 'ERR_OSSIFY_SYSROOT'
  | 'ERR_OSSIFY_NO_KERNEL'
  | 'ERR_OSSIFY_DEPLOYMENT'
  | 'ERR_OSSIFY_TRANSITION'
  | 'ERR_OSSIFY_MANIFEST'
  | 'ERR_OSSIFY_LOCKFILE'
  | 'ERR_OSSIFY_PACKAGE'
  | 'ERR_OSSIFY_SCRIPT_FAILED'
  | 'ERR_OSSIFY_COMPOSE';

export interface OssifyErrorOptions {
  hint?: string;
  cause?: unknown;
  /** The path or value the error is about, for --json output. */
  subject?: string;
}

export class OssifyError extends Error {
  readonly code: OssifyErrorCode;
  readonly hint?: string;
  readonly subject?: string;

  constructor(code: OssifyErrorCode, message: string, options: OssifyErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OssifyError';
    this.code = code;
    this.hint = options.hint;
    this.subject = options.subject;
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, hint: this.hint, subject: this.subject };
  }
}

export function isOssifyError(err: unknown, code?: OssifyErrorCode): err is OssifyError {
  return err instanceof OssifyError && (code === undefined || err.code === code);
}

/** Node's errno-style error, as thrown by fs and by the native addon. */
export function isErrno(err: unknown, code?: string): err is NodeJS.ErrnoException {
  return (
    typeof err === 'object' &&
    err !== null &&
    'code' in err &&
    typeof (err as { code: unknown }).code === 'string' &&
    (code === undefined || (err as { code: string }).code === code)
  );
}

/**
 * Adds context at an operation boundary: an OssifyError passes through, a full
 * disk becomes ERR_OSSIFY_NO_SPACE, any other errno error ERR_OSSIFY_IO naming what was
 * being done. Anything else is a programmer error and is rethrown untouched.
 */
export function wrapIoError(err: unknown, doing: string): never {
  if (err instanceof OssifyError) throw err;
  if (isErrno(err, 'ENOSPC') || isErrno(err, 'EDQUOT')) {
    throw new OssifyError('ERR_OSSIFY_NO_SPACE', `no space left while ${doing}`, {
      hint: 'free space on the target file system and run the command again; nothing was changed',
      cause: err,
    });
  }
  if (isErrno(err)) {
    throw new OssifyError('ERR_OSSIFY_IO', `${doing}: ${err.message}`, { cause: err });
  }
  throw err;
}
