/** A logger that can be silenced or captured; recoverable oddities go here, not to throw. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

/** Logs to stderr so that stdout stays clean for command output. */
export const consoleLogger: Logger = {
  info: (message) => process.stderr.write(`${message}\n`),
  warn: (message) => process.stderr.write(`warning: ${message}\n`),
};

export const silentLogger: Logger = { info: () => {}, warn: () => {} };
