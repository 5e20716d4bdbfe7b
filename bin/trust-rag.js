#!/usr/bin/env node
// `npx trust-rag <command> …`: runs one of src/cli/*-command.ts without npm's script
// banner on stdout, so that `--json` output can be piped straight into a JSON parser.
//
// The launcher is plain JavaScript because nothing can load TypeScript before tsx is
// registered. It loads tsx in-process (the same loader `node --import tsx` uses) rather
// than spawning a second Node, so exit codes and signals are the command's own.

const COMMANDS = ['ask', 'verify', 'search', 'index', 'eval', 'bench', 'load', 'feedback'];

const USAGE = `Usage: trust-rag <command> [arguments] [--help]

Commands: ${COMMANDS.join(', ')}
Example:  trust-rag ask --json "When was the Trade Policy Forum established?"`;

// Worker threads do not inherit this in-process loader; the project's worker entries
// (src/**/*-worker-entry.mjs) are plain JavaScript that register tsx themselves.
await import('tsx');

const command = process.argv[2];
if (command === '--help' || command === '-h') {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (command === undefined) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}
if (!COMMANDS.includes(command)) {
  const { AppError } = await import('../src/errors.ts');
  const { runCli } = await import('../src/cli/run-cli.ts');
  runCli(async () => {
    throw new AppError('INVALID_INPUT', `Unknown command "${command}".\n\n${USAGE}`);
  });
} else {
  // Each command reads process.argv.slice(2) as its own arguments.
  process.argv.splice(2, 1);
  await import(`../src/cli/${command}-command.ts`);
}
