// Security headers (helmet) and a per-client rate limit (@fastify/rate-limit), with defaults for a server on a local network.

import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ProdclassError } from '../../core/errors.js';

export interface RateLimitOptions {
  /** Requests one client (by IP address) may send per window. */
  max: number;
  /** The window, in ms (default one minute). */
  windowMs?: number;
  /** Count requests from this machine too (default false: benchmarks, scripts and `npm start` on the same machine are not limited). */
  loopback?: boolean;
}

/** 1,200 requests a minute: a person classifying as they type sends a few a second; a script at full speed is slowed down. */
export const DEFAULT_RATE_LIMIT: Readonly<RateLimitOptions> = Object.freeze({ max: 1200, windowMs: 60_000, loopback: false });

function isLoopback(request: FastifyRequest): boolean {
  const ip = request.ip;
  return ip === '::1' || ip.startsWith('127.') || ip.startsWith('::ffff:127.');
}

/**
 * Registers both, before any route (the rate limit attaches to the routes declared after it). The page needs photos the
 * user drops (blob: URLs) and inline data images; the server speaks plain HTTP, so HSTS and the upgrade of requests to
 * HTTPS are left to whatever terminates TLS in front of it.
 */
export async function registerProtection(app: FastifyInstance, limit: RateLimitOptions | false): Promise<void> {
  // Built once: @fastify/helmet called helmet() again on every request, parsing the policy each time (a tenth of the
  // server thread's time under load).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        'img-src': ["'self'", 'data:', 'blob:'],
        'upgrade-insecure-requests': null,
      },
    },
    strictTransportSecurity: false,
  });
  app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined)));
  if (limit === false || limit.max <= 0) return;
  const windowMs = limit.windowMs ?? DEFAULT_RATE_LIMIT.windowMs!;
  await app.register(rateLimit, {
    max: limit.max,
    timeWindow: windowMs,
    allowList: limit.loopback ? undefined : (request) => isLoopback(request),
    errorResponseBuilder: (_request, context) =>
      new ProdclassError('RATE_LIMITED', `more than ${context.max} requests in ${windowMs / 1000} s from this address; wait ${context.after} (Retry-After) and slow down`),
  });
}
