// Typed errors: every failure prodclass reports carries a stable code, a message that says what, where and how to fix.

/**
 * Stable error codes with the HTTP status each maps to and one line of documentation.
 * This table is the one place codes become statuses (see `httpStatusOf`), and
 * `test/core/errors.test.ts` keeps it in sync with the codes the source actually throws.
 */
export const ERROR_CODES = {
  INVALID_PARAM: { status: 400, doc: 'A hyperparameter or option is outside its allowed values.' },
  INVALID_INPUT: { status: 400, doc: 'A request or argument is malformed (missing field, wrong type).' },
  NOT_FITTED: { status: 409, doc: 'An estimator was used before fit() or load().' },
  FEATURE_MISMATCH: { status: 400, doc: 'Input has a different number of features than the model was fitted on.' },
  DATA_NOT_FOUND: { status: 404, doc: 'A data file or folder does not exist.' },
  DATA_MISSING_COLUMN: { status: 422, doc: 'A data file lacks a required or mapped column.' },
  DATA_BAD_ROW: { status: 422, doc: 'A CSV row cannot be parsed or has an invalid value.' },
  DATA_DUPLICATE_INDEX: { status: 422, doc: 'Two rows of a CSV file share the same index.' },
  DATA_MISSING_LABEL: { status: 422, doc: 'A product has no label row, or a label has no product.' },
  DATA_UNKNOWN_CODE: { status: 422, doc: 'A product type code is not one of the 27 Rakuten codes.' },
  DATA_TOO_SMALL: { status: 422, doc: 'Too few rows (or rows of a class) for the requested split.' },
  DATA_EMPTY: { status: 422, doc: 'A data file is empty, or has a header but no rows.' },
  DATA_DUPLICATE_COLUMN: { status: 422, doc: 'Two columns of a data file header have the same name.' },
  DATA_CORRUPT: { status: 500, doc: 'A data set stored in the database for the workers does not match its checksums: share it again.' },
  DATA_BAD_ENCODING: { status: 422, doc: 'A text file has bytes that are invalid in its encoding (for example Latin-1 read as UTF-8).' },
  MODEL_NOT_FOUND: { status: 404, doc: 'No model folder (manifest.json) at the given path or id.' },
  MODEL_CORRUPT: { status: 500, doc: 'A model folder is unreadable: bad manifest, missing or truncated weights.' },
  MODEL_UNKNOWN_KIND: { status: 400, doc: 'A model kind is not registered.' },
  IMAGE_INVALID: { status: 415, doc: 'An image cannot be decoded (corrupt or not an image).' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, doc: 'A request body has a content type the endpoint does not read.' },
  NOT_FOUND: { status: 404, doc: 'A requested resource (job, prediction, page) does not exist.' },
  CATALOG_NOT_FOUND: { status: 404, doc: 'No catalog of that name on this server (GET /api/catalogs lists them).' },
  CATALOG_IS_DEFAULT: { status: 409, doc: 'The default catalog cannot be removed (it is the server\'s own, served under /api).' },
  CATALOG_BUSY: { status: 409, doc: 'A catalog cannot be removed while one of its jobs is queued or running; wait for them to end.' },
  CATALOG_DATA_NOT_FOUND: { status: 404, doc: "A catalog's data (to explore, audit or report on) is unknown or not on this server: its active model names none, or a path not here." },
  CONFLICT: { status: 409, doc: 'The request conflicts with the current state.' },
  PAYLOAD_TOO_LARGE: { status: 413, doc: 'An upload or body exceeds the configured size limit.' },
  UNAUTHORIZED: { status: 401, doc: 'An admin token is required and was missing or wrong.' },
  FORBIDDEN: { status: 403, doc: 'The action is disabled (for example, no admin token configured).' },
  RATE_LIMITED: { status: 429, doc: 'A client sent more requests than the rate limit allows; wait as Retry-After says.' },
  DATABASE_UNAVAILABLE: { status: 503, doc: 'The PostgreSQL database (--database, PRODCLASS_DATABASE_URL) cannot be reached or refuses the login.' },
  INTERNAL: { status: 500, doc: 'An unexpected failure; the message says what was being done.' },
} as const satisfies Record<string, { status: number; doc: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Where in the input an error was found, so messages can point at it. */
export interface ErrorLocation {
  file?: string;
  line?: number;
  field?: string;
}

/** The base of every error prodclass throws on purpose. */
export class ProdclassError extends Error {
  readonly code: ErrorCode;
  readonly location: ErrorLocation | undefined;

  constructor(code: ErrorCode, message: string, options: { location?: ErrorLocation; cause?: unknown } = {}) {
    super(withLocation(message, options.location), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ProdclassError';
    this.code = code;
    this.location = options.location;
  }

  get httpStatus(): number {
    return ERROR_CODES[this.code].status;
  }
}

function withLocation(message: string, location: ErrorLocation | undefined): string {
  if (!location) return message;
  const parts: string[] = [];
  if (location.file) parts.push(location.line === undefined ? location.file : `${location.file}:${location.line}`);
  else if (location.line !== undefined) parts.push(`line ${location.line}`);
  if (location.field) parts.push(`field "${location.field}"`);
  return parts.length ? `${parts.join(', ')}: ${message}` : message;
}

/** HTTP status for any thrown value: ours map through ERROR_CODES, anything else is a 500. */
export function httpStatusOf(error: unknown): number {
  return error instanceof ProdclassError ? error.httpStatus : 500;
}

export function isProdclassError(error: unknown, code?: ErrorCode): error is ProdclassError {
  return error instanceof ProdclassError && (code === undefined || error.code === code);
}

/** An error as a worker thread posts it back: a structured clone keeps no class, so the code travels beside the message. */
export interface WorkerFailure {
  message: string;
  code?: string;
}

export function toWorkerFailure(error: unknown): WorkerFailure {
  return { message: (error as Error).message ?? String(error), code: (error as { code?: string }).code };
}

/** The ProdclassError a worker's failure stands for (INTERNAL when its code is not one of ours). */
export function fromWorkerFailure(failure: WorkerFailure): ProdclassError {
  const code = failure.code && failure.code in ERROR_CODES ? (failure.code as ErrorCode) : 'INTERNAL';
  return new ProdclassError(code, failure.message);
}
