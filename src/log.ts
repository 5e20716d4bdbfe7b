import pino from 'pino';

/** Extra fields of a log line (request id, route, status…). */
export type LogFields = Record<string, unknown>;

/**
 * A logger that can be silenced or captured; recoverable oddities go here, not to throw.
 * `debug` and `child` are optional so that a test can capture lines with two functions.
 */
export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error?(message: string, fields?: LogFields): void;
  debug?(message: string, fields?: LogFields): void;
  /** A logger that adds these fields to every line (the server adds the request id). */
  child?(fields: LogFields): Logger;
}

/** Logs to stderr so that stdout stays clean for command output. */
export const consoleLogger: Logger = {
  info: (message) => process.stderr.write(`${message}\n`),
  warn: (message) => process.stderr.write(`warning: ${message}\n`),
  error: (message) => process.stderr.write(`error: ${message}\n`),
};

export const silentLogger: Logger = { info: () => {}, warn: () => {} };

/** A child logger when the logger can make one, else the logger itself. */
export function childOf(logger: Logger, fields: LogFields): Logger {
  return logger.child ? logger.child(fields) : logger;
}

function fromPino(p: pino.Logger): Logger {
  return {
    info: (message, fields) => p.info(fields ?? {}, message),
    warn: (message, fields) => p.warn(fields ?? {}, message),
    error: (message, fields) => p.error(fields ?? {}, message),
    debug: (message, fields) => p.debug(fields ?? {}, message),
    child: (fields) => fromPino(p.child(fields)),
  };
}

/**
 * The server's logger, on stderr. `json` writes one JSON object a line (pino) for log
 * collectors; `text` writes "level message key=value" for a person at a terminal.
 */
export function serverLogger(format: 'json' | 'text', level: 'debug' | 'info' | 'warn', destination: NodeJS.WritableStream = process.stderr): Logger {
  if (format === 'json') return fromPino(pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, destination as pino.DestinationStream));
  const rank = { debug: 0, info: 1, warn: 2, error: 3 } as const;
  const make = (bound: LogFields): Logger => {
    const write = (lvl: keyof typeof rank) => (message: string, fields?: LogFields) => {
      if (rank[lvl] < rank[level]) return;
      const all = { ...bound, ...fields };
      const extra = Object.entries(all)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(' ');
      destination.write(`${lvl === 'info' ? '' : `${lvl}: `}${message}${extra ? ` (${extra})` : ''}\n`);
    };
    return { info: write('info'), warn: write('warn'), error: write('error'), debug: write('debug'), child: (fields) => make({ ...bound, ...fields }) };
  };
  return make({});
}
