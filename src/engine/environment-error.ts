/**
 * A failure of the machine rather than of the input: a read-only or full
 * disk, a missing permission, a path through a file. It names what mecsim
 * was doing and the path, so the CLI prints one line and exits with status 1.
 *
 * It lives beside InputError for the same reason: every layer that touches
 * the disk may import the engine folder.
 */
export class EnvironmentError extends Error {
  override name = 'EnvironmentError';

  constructor(
    /** The path mecsim could not write or read. */
    readonly path: string,
    /** What went wrong, in words (e.g. "the disk is full (ENOSPC)"). */
    readonly reason: string,
    /** What mecsim was doing: "write" or "read". */
    readonly action: 'write' | 'read' = 'write',
  ) {
    super(`cannot ${action} ${path}: ${reason}`);
  }
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exhausted',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'is a folder',
  ENOENT: 'a folder on the path does not exist',
  EEXIST: 'already exists',
  ENOTEMPTY: 'the folder is not empty',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EIO: 'input/output error',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links on the path',
  EXDEV: 'the temporary and final names are on different file systems',
  EBUSY: 'the path is busy (in use or a mount point)',
  EFBIG: 'the file is too large',
  EINVAL: 'the operation is not valid for this path',
};

/** An operating-system error from node:fs (it carries an errno code such as ENOSPC). */
export function isSystemError(err: unknown): err is NodeJS.ErrnoException & { code: string } {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string' && /^E[A-Z0-9]+$/.test((err as NodeJS.ErrnoException).code!);
}

/** The error to throw for `err`: an EnvironmentError naming `path` if it is a system error, else `err` unchanged. */
export function environmentError(err: unknown, path: string, action: 'write' | 'read' = 'write'): unknown {
  if (err instanceof EnvironmentError || !isSystemError(err)) return err;
  const reason = REASONS[err.code];
  return new EnvironmentError(path, reason === undefined ? `${err.code}` : `${reason} (${err.code})`, action);
}

/** Runs `body`; a system error it throws becomes an EnvironmentError naming `path`. */
export function onPath<T>(path: string, body: () => T, action: 'write' | 'read' = 'write'): T {
  try {
    return body();
  } catch (err) {
    throw environmentError(err, path, action);
  }
}
