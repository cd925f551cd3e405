// JSON schemas of the API's requests and main responses: Fastify validates with them and @fastify/swagger documents them.

import type { Limits } from './limits.js';

const error = {
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' }, requestId: { type: 'string' } },
  required: ['error', 'message'],
} as const;

/** The usual error answers of a route, for the document. */
export function errorResponses(...statuses: number[]): Record<number, typeof error & { description: string }> {
  return Object.fromEntries(statuses.map((s) => [s, { ...error, description: 'error: a stable code and a message saying what was wrong and how to fix it' }]));
}

const ranked = {
  type: 'object',
  properties: {
    code: { type: 'integer', description: "the category's key (its code where the taxonomy's ids are numbers)" },
    id: { type: 'string', description: "the category's id in the model's taxonomy" },
    name: { type: 'string' },
    path: { type: 'array', items: { type: 'string' }, description: 'names from the top level down' },
    probability: { type: 'number' },
  },
  required: ['code', 'name', 'probability'],
} as const;

const explanation = {
  type: ['object', 'null'],
  properties: {
    code: { type: 'integer' },
    terms: { type: 'array', items: { type: 'object', properties: { term: { type: 'string' }, weight: { type: 'number' } } } },
    modalities: { type: 'object', properties: { text: { type: 'number' }, image: { type: 'number' } } },
  },
} as const;

export function predictSchema(limits: Limits) {
  const text = {
    title: { type: 'string', minLength: 1, maxLength: limits.designation, description: 'product title' },
    designation: { type: 'string', minLength: 1, maxLength: limits.designation, description: 'product title (the challenge\'s name for it; same as title)' },
    minConfidence: { type: 'number', minimum: 0, maximum: 1, description: 'answer in decision the deepest category of the tree whose probability reaches this' },
    description: { type: 'string', maxLength: limits.description, description: 'product description (HTML allowed)' },
    origin: { type: 'string', enum: ['api', 'page'], description: "'page' for the web page's previews (kept off the review queue)" },
    explain: { type: 'boolean', description: 'include the words behind the decision (default true; in a form, the text true or false)' },
  };
  return {
    summary: 'Classify one product',
    description: 'JSON with the text, or multipart/form-data with the same fields and an optional `image` file (JPEG, PNG, WebP or GIF).',
    tags: ['predict'],
    body: {
      content: {
        'application/json': { schema: { type: 'object', additionalProperties: false, properties: text } },
        'multipart/form-data': {
          schema: { type: 'object', additionalProperties: false, properties: { ...text, image: { type: 'string', format: 'binary', description: `at most ${limits.image} bytes` } } },
        },
      },
    },
    response: {
      200: {
        type: 'object',
        properties: {
          predictionId: { type: 'integer' },
          predictions: { type: 'array', items: ranked },
          decision: { type: 'object', properties: { ...ranked.properties, depth: { type: 'integer' } } },
          model: { type: 'object', properties: { id: { type: 'string' }, kind: { type: 'string' }, demo: { type: 'boolean' } } },
          modalities: { type: 'array', items: { type: 'string', enum: ['text', 'image'] } },
          imageGiven: { type: 'boolean' },
          confidence: {
            type: 'object',
            properties: {
              level: { type: 'string', enum: ['high', 'medium', 'low'] },
              value: { type: 'number' },
              reviewThreshold: { type: 'number' },
              highThreshold: { type: ['number', 'null'] },
              decision: { type: 'string', enum: ['auto', 'review'], description: 'auto: filed without a person; review: sent to the Review queue' },
              filedDepth: { type: 'integer', description: "tree models with per-depth thresholds: the depth of decision's category, 0 when sent to review" },
            },
          },
          spotCheck: { type: 'boolean', description: 'filed automatically and also sent to the Review queue, so that a person measures the live precision (a random share: --spot-check-share)' },
          explanation,
          latencyMs: { type: 'number' },
        },
      },
      ...errorResponses(400, 413, 415),
    },
  } as const;
}

export const feedbackSchema = {
  summary: 'Confirm or correct a prediction',
  tags: ['feedback'],
  body: {
    type: 'object',
    // Exactly one of category, correctCode and newCategory: checked by the route, whose message says so.
    required: ['predictionId'],
    additionalProperties: false,
    properties: {
      predictionId: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
      category: { type: 'string', minLength: 1, maxLength: 1000, description: "the right category's id in the active model's taxonomy (GET /api/categories), or its full path" },
      correctCode: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: "the right category's code (its key; for Rakuten the product type code)" },
      newCategory: {
        type: 'object',
        required: ['name'],
        additionalProperties: false,
        description: 'a category the taxonomy lacks: created under parent (a category id; none for the top level); retraining learns it',
        properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, parent: { type: 'string', minLength: 1, maxLength: 1000 } },
      },
    },
  },
  response: errorResponses(400, 401, 404, 422),
} as const;

/** The largest id or offset a URL may carry: far above any real table, and safely an SQLite integer. */
export const MAX_URL_INTEGER = 2 ** 31 - 1;

export const listQuery = {
  type: 'object',
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    offset: { type: 'integer', minimum: 0, maximum: MAX_URL_INTEGER, default: 0 },
  },
} as const;

export const reviewQuery = {
  type: 'object',
  properties: {
    threshold: { type: 'number', minimum: 0, maximum: 1, description: 'list predictions below this confidence (default: the server setting or the active model card)' },
    origin: { type: 'string', description: "comma-separated origins to list (default 'api,batch')" },
    ...listQuery.properties,
  },
} as const;

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

export const numericIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1, maximum: MAX_URL_INTEGER } },
} as const;

/** Admin routes in the document: the bearer token they need. */
export const adminSecurity = [{ adminToken: [] }];
