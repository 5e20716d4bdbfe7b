import type { Response } from 'express';

function startStream(res: Response): void {
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache, no-transform');
  res.setHeader('Connection', 'keep-alive');
  // Proxies such as nginx would otherwise hold the stream back until it ends.
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
}

/**
 * A signal that aborts when the client goes away before the response is complete (Stop
 * on the page, a closed tab), so that work done only for it, such as a language model's
 * request, is cancelled upstream.
 */
export function abortOnClose(res: Response): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

/** Starts a server-sent event stream on a response. */
export function openEventStream(res: Response): (event: string, data: unknown) => void {
  startStream(res);
  return (event, data) => {
    if (res.writableEnded || res.destroyed) return;
    // JSON never contains a raw newline, so each event is exactly one data line.
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
}

/**
 * Starts a stream of unnamed events, each one `data:` line, as OpenAI's streaming API
 * sends them; `end` sends its closing `data: [DONE]` and ends the response.
 */
export function openDataStream(res: Response): { send: (data: unknown) => void; end: () => void } {
  startStream(res);
  const open = () => !res.writableEnded && !res.destroyed;
  return {
    send: (data) => void (open() && res.write(`data: ${JSON.stringify(data)}\n\n`)),
    end: () => void (open() && res.end('data: [DONE]\n\n')),
  };
}

/** Splits answer text into pieces for streaming: a few words at a time, markers kept whole. */
export function answerPieces(text: string, wordsPerPiece = 4): string[] {
  const words = text.match(/\S+\s*/g) ?? [];
  const pieces: string[] = [];
  for (let i = 0; i < words.length; i += wordsPerPiece) pieces.push(words.slice(i, i + wordsPerPiece).join(''));
  return pieces;
}
