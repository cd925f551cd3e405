// The JSON body parser: JSON.parse with the reason of a syntax error kept, and keys that could pollute prototypes refused by name.

import type { FastifyInstance } from 'fastify';
import { ProdclassError } from '../core/errors.js';

/** Refuses `__proto__` anywhere, and `constructor` holding a `prototype`: merged into an object later, they would reach its prototype. */
function refusePoisonedKeys(key: string, value: unknown): unknown {
  if (key === '__proto__') throw new ProdclassError('INVALID_INPUT', 'the JSON body has a "__proto__" key, which is refused; remove it');
  if (key === 'constructor' && typeof value === 'object' && value !== null && 'prototype' in value) {
    throw new ProdclassError('INVALID_INPUT', 'the JSON body has a "constructor" key holding "prototype", which is refused; remove it');
  }
  return value;
}

/**
 * Replaces Fastify's JSON parser (which answers "Body is not valid JSON" for every failure) with one whose errors say
 * what is wrong: empty, malformed (with JSON.parse's reason), or carrying a prototype-polluting key.
 */
export function registerJsonParser(app: FastifyInstance, bodyLimit: number): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (_request, body, done) => {
    const text = body as string;
    if (text.length === 0) return done(new ProdclassError('INVALID_INPUT', 'the body is empty but its content type says JSON; send a JSON object'), undefined);
    try {
      done(null, JSON.parse(text, refusePoisonedKeys));
    } catch (error) {
      if (error instanceof ProdclassError) return done(error, undefined);
      done(new ProdclassError('INVALID_INPUT', `the body is not valid JSON (${(error as Error).message}); send one JSON object`), undefined);
    }
  });
}
