// Who may do what: admin actions need PRODCLASS_ADMIN_TOKEN (refused when none is set); feedback needs a reviewer token when PRODCLASS_REVIEWER_TOKENS is set.

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

/** Reviewer name -> token. */
export type ReviewerTokens = Readonly<Record<string, string>>;

/**
 * Reads `name:token,name:token` (PRODCLASS_REVIEWER_TOKENS). Names are what feedback records; tokens are at least 16
 * characters, so that none is guessed.
 * @throws ProdclassError INVALID_PARAM naming the malformed entry.
 */
export function parseReviewerTokens(text: string): ReviewerTokens {
  const tokens: Record<string, string> = {};
  for (const entry of text.split(',').map((e) => e.trim()).filter(Boolean)) {
    const at = entry.indexOf(':');
    const name = entry.slice(0, at).trim();
    const token = entry.slice(at + 1).trim();
    if (at < 0 || !/^[\w.@-]{1,64}$/.test(name) || name === 'admin') {
      throw new ProdclassError('INVALID_PARAM', `PRODCLASS_REVIEWER_TOKENS: "${entry.split(':')[0]}" is not name:token (a name of letters, digits, . @ _ -, not "admin")`);
    }
    if (token.length < 16 || /\s/.test(token)) throw new ProdclassError('INVALID_PARAM', `PRODCLASS_REVIEWER_TOKENS: the token of "${name}" must be at least 16 characters without spaces`);
    if (name in tokens) throw new ProdclassError('INVALID_PARAM', `PRODCLASS_REVIEWER_TOKENS: "${name}" is given twice`);
    tokens[name] = token;
  }
  return tokens;
}

/**
 * Who sends feedback: null when the server has no reviewer tokens (feedback is open); else the reviewer whose token the
 * request carries, or "admin" for the admin token.
 * @throws ProdclassError UNAUTHORIZED when reviewer tokens are set and the request's token is missing or matches none.
 */
export function reviewerGuard(reviewers: ReviewerTokens, adminToken: string | null): (request: FastifyRequest) => string | null {
  const known = Object.entries(reviewers).map(([name, token]) => ({ name, hash: digest(token) }));
  if (adminToken) known.push({ name: 'admin', hash: digest(adminToken) });
  const required = Object.keys(reviewers).length > 0;
  return (request) => {
    if (!required) return null;
    const given = tokenOf(request);
    if (!given) throw new ProdclassError('UNAUTHORIZED', 'feedback on this server needs a reviewer token: send "Authorization: Bearer <your token>"');
    const hash = digest(given);
    // Every entry is compared, so the time taken does not tell which one matched.
    let match: string | null = null;
    for (const entry of known) if (timingSafeEqual(hash, entry.hash)) match ??= entry.name;
    if (match === null) throw new ProdclassError('UNAUTHORIZED', 'the reviewer token is wrong');
    return match;
  };
}
