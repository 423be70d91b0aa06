// One constructor for every "this archive is bad" failure, so each message names
// the member and the byte offset of its header in the decompressed stream: the two
// things a user needs to find the damage with `tar -tvR` or a hex dump.
import { OssifyError } from '../errors.js';

export interface TarErrorOptions {
  /** Offset in the decompressed stream of the header the problem belongs to. */
  offset: number;
  /** Member path, if known by the time the problem is found. */
  path?: Buffer | null;
  hint?: string;
  cause?: unknown;
}

const DEFAULT_HINT = 'the archive is damaged or not a tar file; check it with `tar -tvf FILE`';

export function tarError(message: string, options: TarErrorOptions): OssifyError {
  const where = options.path ? ` in ${JSON.stringify(options.path.toString('utf8'))}` : '';
  return new OssifyError('ERR_OSSIFY_INVALID_TAR', `${message}${where} at offset ${options.offset}`, {
    hint: options.hint ?? DEFAULT_HINT,
    cause: options.cause,
    subject: options.path ? options.path.toString('utf8') : undefined,
  });
}
