import type { Response } from 'express';

/** Starts a server-sent event stream on a response. */
export function openEventStream(res: Response): (event: string, data: unknown) => void {
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache, no-transform');
  res.setHeader('Connection', 'keep-alive');
  // Proxies such as nginx would otherwise hold the stream back until it ends.
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  return (event, data) => {
    if (res.writableEnded || res.destroyed) return;
    // JSON never contains a raw newline, so each event is exactly one data line.
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
}

/** Splits answer text into pieces for streaming: a few words at a time, markers kept whole. */
export function answerPieces(text: string, wordsPerPiece = 4): string[] {
  const words = text.match(/\S+\s*/g) ?? [];
  const pieces: string[] = [];
  for (let i = 0; i < words.length; i += wordsPerPiece) pieces.push(words.slice(i, i + wordsPerPiece).join(''));
  return pieces;
}
