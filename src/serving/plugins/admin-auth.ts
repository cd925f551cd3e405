// The admin guard: actions that change the application for everyone need PRODCLASS_ADMIN_TOKEN, and are refused when none is set.

import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ProdclassError } from '../../core/errors.js';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** The token a request carries: `Authorization: Bearer TOKEN` (the scheme in any case, as RFC 7235 allows) or `X-Admin-Token: TOKEN`. */
export function tokenOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  const bearer = typeof header === 'string' ? /^bearer[ \t]+(\S+)[ \t]*$/i.exec(header) : null;
  if (bearer) return bearer[1];
  const own = request.headers['x-admin-token'];
  return typeof own === 'string' && own.trim() ? own.trim() : null;
}

/**
 * An onRequest hook for admin routes: it runs before the body is read, so a request without the token is refused
 * (401) whatever it sends. Compares hashes in constant time.
 * @throws ProdclassError FORBIDDEN when the server has no admin token (admin actions are off, not open);
 *   UNAUTHORIZED when the request's token is missing or wrong.
 */
export function adminGuard(adminToken: string | null): (request: FastifyRequest) => Promise<void> {
  const expected = adminToken ? digest(adminToken) : null;
  return async (request) => {
    if (!expected) {
      throw new ProdclassError('FORBIDDEN', 'admin actions are disabled on this server: start it with PRODCLASS_ADMIN_TOKEN set to enable them');
    }
    const given = tokenOf(request);
    if (!given) throw new ProdclassError('UNAUTHORIZED', 'this action needs the admin token: send "Authorization: Bearer <PRODCLASS_ADMIN_TOKEN>"');
    if (!timingSafeEqual(digest(given), expected)) throw new ProdclassError('UNAUTHORIZED', 'the admin token is wrong');
  };
}
