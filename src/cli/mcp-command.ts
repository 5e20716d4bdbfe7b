// `trust-rag mcp`: the launcher runs src/cli/<command>-command.ts; the server lives in src/mcp/.
import '../mcp/stdio.js';
