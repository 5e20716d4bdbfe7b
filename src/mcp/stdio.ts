// First: from here on only protocol messages reach stdout.
import { protocolOut } from './stdout-guard.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { progressBar } from '../cli/progress.js';
import { runCli } from '../cli/run-cli.js';
import { parseCommandLine } from '../config.js';
import { consoleLogger } from '../log.js';
import { openIndex } from '../open-index.js';
import { ServiceState } from '../server/service-state.js';
import { servicesFor } from '../server/services.js';
import { documentChunkCount, documentCount } from '../store/index-files.js';
import { createMcpServer } from './server.js';

const HELP = `Usage: npm run mcp [-- --corpus DIR --index DIR]

An MCP server on stdin and stdout, for desktop hosts (Claude Desktop, Cursor, VS Code):
the host starts it and talks to it. It indexes the corpus like \`npm run index\` when the
index is missing or out of date. Settings come from the same environment variables and
flags as the other commands; logs go to stderr.`;

/**
 * `npm run mcp`: answers at once, so that a host's handshake never waits for the index;
 * tool calls made while the index loads get a tool error saying so. The index is loaded
 * (or built) as the CLI does, and answers are worked out on this thread. The process ends
 * when the host closes stdin, or with a one-line reason when the index cannot be opened.
 */
runCli(async () => {
  const { config, values } = parseCommandLine(process.argv.slice(2), {});
  if (values.help) return void process.stderr.write(`${HELP}\n`);
  const state = new ServiceState();
  const hostGone = new Promise<void>((resolve) => {
    process.stdin.once('end', resolve);
    process.stdin.once('close', resolve);
  });
  await createMcpServer(state, { logger: consoleLogger }).connect(new StdioServerTransport(process.stdin, protocolOut));
  consoleLogger.info(`MCP server on stdio: loading the index of ${config.corpusDir}…`);
  const loaded = openIndex(config, { logger: consoleLogger, onProgress: progressBar('embedding sentences') }).then((open) => {
    state.set(servicesFor(open));
    consoleLogger.info(`ready: ${documentCount(open.index)} documents, ${documentChunkCount(open.index)} chunks`);
  });
  await Promise.race([loaded, hostGone]);
  await hostGone;
});
