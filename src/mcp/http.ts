import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import express, { type Router } from 'express';
import { silentLogger, type Logger } from '../log.js';
import type { ServiceState } from '../server/service-state.js';
import { createMcpServer } from './server.js';

/** JSON-RPC's range for errors a server defines itself starts here. */
const SERVER_ERROR = -32000;

export interface McpEndpointDeps {
  state: ServiceState;
  logger?: Logger;
  /** Largest request body accepted. @default '32kb' */
  bodyLimit?: string;
}

/**
 * MCP over Streamable HTTP, mounted at `/mcp` behind the API's key check and rate limit.
 *
 * Stateless: every POST gets its own server and transport, and answers with plain JSON.
 * Nothing here needs a session (the tools keep no state between calls), so any instance
 * behind a load balancer can answer any request, and nothing is left to expire.
 */
export function mcpEndpoint(deps: McpEndpointDeps): Router {
  const { state, logger = silentLogger, bodyLimit = '32kb' } = deps;
  const router = express.Router();
  router.use(express.json({ limit: bodyLimit, strict: true }));

  router.post('/', async (req, res) => {
    const log = (res.locals.log as Logger | undefined) ?? logger;
    const server = createMcpServer(state, { logger: log });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.once('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });

  // Without sessions there is no stream to open (GET) or session to end (DELETE); a 405
  // tells a client to carry on with POSTs alone, as the protocol provides.
  router.all('/', (req, res) => {
    res.setHeader('Allow', 'POST');
    res.status(405).json({ jsonrpc: '2.0', error: { code: SERVER_ERROR, message: `${req.method} is not supported: this server is stateless; send requests with POST` }, id: null });
  });
  return router;
}
