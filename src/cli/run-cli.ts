import { isAppError, messageOf } from '../errors.js';

/**
 * Runs a command's main function and turns failures into one readable line and a
 * non-zero exit code: users see "error [CODE]: message", not a stack trace.
 * Set DEBUG=1 to see the stack.
 */
export function runCli(main: () => Promise<void>): void {
  main().then(
    () => process.exit(process.exitCode ?? 0),
    (err: unknown) => {
      const code = isAppError(err) ? err.code : 'UNEXPECTED';
      process.stderr.write(`error [${code}]: ${messageOf(err)}\n`);
      if (process.env.DEBUG) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
      process.exit(isAppError(err) && err.status < 500 ? 2 : 1);
    },
  );
}
