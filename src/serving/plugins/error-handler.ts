// Turns every failure into a JSON answer {error, message}: ours through httpStatusOf, Fastify's 4xx as they are, the rest as a logged 500.

import type { FastifyError, FastifyInstance } from 'fastify';
import { httpStatusOf, isProdclassError, type ErrorCode } from '../../core/errors.js';
import type { ErrorResponse } from '../api-types.js';

/** Codes for failures Fastify or its plugins raise (validation, body parsing, multipart limits), by status. */
const CODE_OF_STATUS: Record<number, ErrorCode> = {
  400: 'INVALID_INPUT',
  404: 'NOT_FOUND',
  406: 'INVALID_INPUT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'IMAGE_INVALID',
};

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isProdclassError(error)) {
      const status = httpStatusOf(error);
      if (status >= 500) request.log.error(error);
      return reply.status(status).send({ error: error.code, message: error.message } satisfies ErrorResponse);
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) {
      request.log.error(error);
      return reply.status(500).send({ error: 'INTERNAL', message: `internal error while handling ${request.method} ${request.url}` } satisfies ErrorResponse);
    }
    const code: string = error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'UNSUPPORTED_MEDIA_TYPE' : (CODE_OF_STATUS[status] ?? 'INVALID_INPUT');
    const message = error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? `${error.message}; send application/json or multipart/form-data` : error.message;
    return reply.status(status).send({ error: code, message } satisfies ErrorResponse);
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ error: 'NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}; GET /api/docs lists the API` } satisfies ErrorResponse);
  });
}
