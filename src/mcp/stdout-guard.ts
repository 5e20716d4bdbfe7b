import { Writable } from 'node:stream';

/**
 * Over stdio, stdout carries the protocol and nothing else: one stray line from a library
 * (a model loader's notice, a worker thread's console.log) and the host drops the
 * connection. Imported first by the stdio entry point, this keeps the real stdout for
 * protocol messages and sends every other write to stderr, where hosts keep a log.
 */
const writeToStdout = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;

/** The only way left to write to stdout. */
export const protocolOut = new Writable({
  write(chunk: Buffer | string, encoding: BufferEncoding, callback: (err?: Error | null) => void) {
    writeToStdout(chunk, encoding, callback);
  },
});
