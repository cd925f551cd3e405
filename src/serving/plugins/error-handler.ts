// Turns every failure into a JSON answer {error, message, requestId}: ours through httpStatusOf, client mistakes Fastify or its plugins report as 4xx with our codes, the rest as a 500 logged with its stack.

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { httpStatusOf, isProdclassError, type ErrorCode } from '../../core/errors.js';
import type { ErrorResponse } from '../api-types.js';
import type { PublicPaths } from '../public-paths.js';
import { describeValidationError } from '../validation.js';

interface ClientMistake {
  status: number;
  code: ErrorCode;
  message: string;
}

const MULTIPART_HINT = 'let your HTTP client build the body (curl -F, FormData)';

/** Fastify's and its plugins' errors by code: what the client sent wrong, in words that say what to change. */
function byFastifyCode(error: FastifyError, request: FastifyRequest): ClientMistake | null {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: `${request.method} ${routeOf(request)} does not read ${String(request.headers['content-type'] ?? 'a body without a content type')}; send application/json or multipart/form-data` };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'INVALID_INPUT', message: 'the body is empty but its content type says JSON; send a JSON object' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, code: 'INVALID_INPUT', message: 'the body is not valid JSON; send one JSON object' };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: `the body is larger than the limit of ${request.routeOptions.bodyLimit} bytes` };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, code: 'INVALID_INPUT', message: 'the Content-Length header does not match the body sent' };
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'this route reads multipart/form-data' };
    case 'FST_FILES_LIMIT':
      return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'too many files in the multipart body: send one "image" file with a product, or a zip of images with a batch' };
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'too many fields in the multipart body: send only the documented fields (GET /api/docs)' };
    case 'FST_REQ_FILE_TOO_LARGE':
      return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'an uploaded file is larger than the limit' };
    case 'FST_PROTO_VIOLATION':
      return { status: 400, code: 'INVALID_INPUT', message: 'a multipart field is named __proto__ or constructor; rename it' };
    default:
      return null;
  }
}

/** Errors thrown without a Fastify code: JSON keys that could pollute prototypes, and busboy's malformed multipart bodies. */
function byMessage(error: Error): ClientMistake | null {
  if (/forbidden prototype property|constructor property/i.test(error.message)) {
    return { status: 400, code: 'INVALID_INPUT', message: 'the JSON body has a "__proto__" or "constructor" key, which is refused; remove it' };
  }
  if (/^(Multipart: Boundary not found|Unexpected end of (form|multipart data)|Malformed (part header|urlencoded form)|Malformed content type)/i.test(error.message)) {
    return { status: 400, code: 'INVALID_INPUT', message: `the multipart body is malformed (${error.message}); ${MULTIPART_HINT}` };
  }
  return null;
}

function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? request.url.split('?')[0];
}

function clientMistake(error: FastifyError, request: FastifyRequest): ClientMistake | null {
  if (error.validation && error.validation.length > 0) {
    const part = error.validationContext ?? 'body';
    const schemas = (request.routeOptions.schema ?? {}) as Record<string, unknown>;
    const schema = part === 'body' ? (contentSchema(request) ?? schemas.body) : schemas[part];
    return { status: 400, code: 'INVALID_INPUT', message: `${describeValidationError(error.validation[0], part, schema)}; see GET /api/docs` };
  }
  const known = byFastifyCode(error, request) ?? byMessage(error);
  if (known) return known;
  if (error.statusCode === 403) return { status: 403, code: 'FORBIDDEN', message: `${request.url.split('?')[0]} is refused: a path may not climb out of the page's folder (.., backslashes) nor hold a NUL byte` };
  if (error.statusCode === 404) return { status: 404, code: 'NOT_FOUND', message: `no file ${request.url.split('?')[0]}` };
  if (error.statusCode === 429) return { status: 429, code: 'RATE_LIMITED', message: error.message };
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return { status: error.statusCode, code: 'INVALID_INPUT', message: error.message };
  return null;
}

/** The JSON schema of the request's content type, for routes that declare one per content type. */
function contentSchema(request: FastifyRequest): unknown {
  const body = (request.routeOptions.schema as { body?: { content?: Record<string, { schema?: unknown }> } } | undefined)?.body;
  const type = String(request.headers['content-type'] ?? '').split(';')[0].trim();
  return body?.content?.[type]?.schema;
}

/**
 * Fastify's `frameworkErrors`: errors raised before routing (a URL whose percent-encoding is malformed), answered in
 * the same shape as the others rather than Fastify's own.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const message =
    error.code === 'FST_ERR_BAD_URL'
      ? `the URL ${JSON.stringify(request.url.slice(0, 200))} has malformed percent-encoding (a % must be followed by two hex digits of UTF-8)`
      : `the request cannot be routed: ${error.message}`;
  request.log.info({ code: 'INVALID_INPUT', status: 400, cause: error.message }, message);
  // Sent before the hooks are attached: the request id header is set here.
  void reply.status(400).header('x-request-id', request.id).send({ error: 'INVALID_INPUT', message, requestId: request.id } satisfies ErrorResponse);
}

/**
 * Declares the error and not-found handlers. Every answer carries the request id (as in the log lines), and messages
 * go through `paths` so that no server folder is named.
 */
export function registerErrorHandler(app: FastifyInstance, paths: PublicPaths): void {
  const send = (request: FastifyRequest, status: number, code: string, message: string): ErrorResponse => ({ error: code, message: paths.text(message), requestId: request.id });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isProdclassError(error)) {
      const status = httpStatusOf(error);
      if (status >= 500) request.log.error({ err: error }, `${error.code} while handling ${request.method} ${request.url}`);
      else request.log.info({ code: error.code, status }, error.message);
      return reply.status(status).send(send(request, status, error.code, error.message));
    }
    const mistake = clientMistake(error, request);
    if (mistake) {
      request.log.info({ code: mistake.code, status: mistake.status, cause: error.message }, mistake.message);
      return reply.status(mistake.status).send(send(request, mistake.status, mistake.code, mistake.message));
    }
    request.log.error({ err: error }, `internal error while handling ${request.method} ${request.url}`);
    return reply.status(500).send(send(request, 500, 'INTERNAL', `internal error while handling ${request.method} ${routeOf(request)}; the server log has the details under request id ${request.id}`));
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(send(request, 404, 'NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}; GET /api/docs lists the API`));
  });
}
