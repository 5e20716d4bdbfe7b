import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { ApiKey } from '../config.js';
import { AppError } from '../errors.js';

/**
 * What protects the API: request ids, no caching of answers, the CORS allowlist, API keys
 * with roles, and rate limits per client. Each is one middleware, so `app.ts` reads as
 * the order in which a request meets them.
 */

/** Who is calling: the API key's label, or the IP address when the server asks for no key. */
export interface Client {
  id: string;
  role: ApiKey['role'] | 'anonymous';
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by `requestId`: echoed as X-Request-Id and on every log line of the request. */
    id: string;
    /** Set by `authenticate`. */
    client: Client;
  }
}

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Keeps a caller's X-Request-Id when it is a plain token (so logs join up across services), else makes one. */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const given = req.get('x-request-id');
    req.id = given && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', req.id);
    next();
  };
}

/** Answers depend on the index and the conversation: no cache or proxy may keep them. */
export function noStore(): RequestHandler {
  return (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  };
}

/**
 * Cross-origin calls only from the listed origins (`*` for any). Without a list the API
 * sends no CORS headers, so browsers keep it to the page it serves.
 */
export function cors(origins: string[]): RequestHandler {
  const any = origins.includes('*');
  const allowed = new Set(origins);
  return (req, res, next) => {
    const origin = req.get('origin');
    res.vary('Origin');
    const ok = origin !== undefined && (any || allowed.has(origin));
    if (ok) {
      res.setHeader('Access-Control-Allow-Origin', any ? '*' : origin);
      res.setHeader('Access-Control-Expose-Headers', 'X-Request-Id, Retry-After, RateLimit, RateLimit-Policy');
    }
    if (req.method !== 'OPTIONS' || !req.get('access-control-request-method')) return next();
    if (!ok) return next(new AppError('FORBIDDEN', 'This origin may not call the API'));
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PATCH, DELETE, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, X-Request-Id');
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(204).end();
  };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  // Compared in constant time, so that response timing does not leak a key's prefix.
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The IP address a rate limit counts by: IPv6 clients by their /56, as they hold whole ranges. */
function ipOf(req: Request): string {
  return ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown');
}

/**
 * With no keys configured, everyone is an anonymous client known by IP. With keys, a
 * request needs `Authorization: Bearer <key>`; the key's role decides what it may do.
 */
export function authenticate(keys: ApiKey[]): RequestHandler {
  return (req, _res, next) => {
    if (keys.length === 0) {
      req.client = { id: `ip:${ipOf(req)}`, role: 'anonymous' };
      return next();
    }
    const header = req.get('authorization') ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) return next(new AppError('UNAUTHORIZED', header ? 'The Authorization header must be "Bearer <API key>"' : 'This server needs an API key: send "Authorization: Bearer <key>"'));
    const key = keys.find((k) => sameSecret(k.key, m[1]!));
    if (!key) return next(new AppError('UNAUTHORIZED', 'The API key is not valid'));
    req.client = { id: `key:${key.id}`, role: key.role };
    next();
  };
}

/** Only admin keys may pass (when the server has keys at all). */
export function requireAdmin(keys: ApiKey[]): RequestHandler {
  return (req, _res, next) => {
    if (keys.length > 0 && req.client?.role !== 'admin') return next(new AppError('FORBIDDEN', 'This needs an admin API key'));
    next();
  };
}

/** At most `perMinute` requests a minute per client; more get a 429 with Retry-After. */
export function rateLimitPerClient(perMinute: number): RequestHandler {
  if (perMinute <= 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => req.client?.id ?? `ip:${ipOf(req)}`,
    handler: (_req: Request, res: Response, next: NextFunction) => {
      if (!res.getHeader('Retry-After')) res.setHeader('Retry-After', '60');
      next(new AppError('RATE_LIMITED', `Too many requests: at most ${perMinute} a minute; try again in ${res.getHeader('Retry-After')} s`));
    },
  });
}
