// Request validation: strict JSON bodies (no coercion, unknown properties refused), coerced URL parts, and messages that name the field.

import { Ajv, type ErrorObject, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaValidationError } from 'fastify/types/schema.js';

/** Fastify's defaults, less the two that hid client mistakes: coercing `12345` or `true` to a string, dropping unknown keys. */
const common: Options = { useDefaults: true, allErrors: false, addUsedSchema: false };

function ajvWith(options: Options): Ajv {
  const ajv = new Ajv({ ...common, ...options });
  addFormats.default(ajv);
  // OpenAPI's marker for file parts of a multipart body; the files themselves are checked by the routes.
  ajv.addFormat('binary', true);
  return ajv;
}

/** Bodies arrive typed (JSON, or multipart fields the route has typed): a wrong type is the client's mistake. */
const bodyAjv = ajvWith({ coerceTypes: false, removeAdditional: false });
/** Query strings and path parameters arrive as text: `?limit=10` is the number 10; a repeated key is an error. */
const urlAjv = ajvWith({ coerceTypes: true, removeAdditional: false });

type Validate = ((data: unknown) => boolean) & { errors?: FastifySchemaValidationError[] | null };

/**
 * Ajv turns "Infinity" and "1e999" into Infinity and then lets it past `maximum`: a URL's numbers must also be finite.
 * Query strings and parameters are flat, so their own values are all there is to look at.
 */
function finiteNumbers(validate: Validate): Validate {
  const checked: Validate = (data) => {
    if (!validate(data)) {
      checked.errors = validate.errors;
      return false;
    }
    for (const [key, value] of Object.entries((data ?? {}) as Record<string, unknown>)) {
      if (typeof value === 'number' && !Number.isFinite(value)) {
        checked.errors = [{ instancePath: `/${key}`, schemaPath: '#/finite', keyword: 'finite', params: {}, message: 'must be a finite number' }];
        return false;
      }
    }
    checked.errors = null;
    return true;
  };
  return checked;
}

/** Fastify's validatorCompiler: one Ajv for bodies, one for the URL's parts. */
export function validatorCompiler({ schema, httpPart }: { schema: object; httpPart?: string }): Validate {
  return httpPart === 'body' ? bodyAjv.compile(schema) : finiteNumbers(urlAjv.compile(schema));
}

const PART_NAME: Record<string, string> = { body: 'the body', querystring: 'the query string', params: 'the URL' };

/**
 * One validation failure in words, naming the field, what it must be and, for unknown properties, which are allowed.
 * `schema` is the part's JSON schema (for the list of allowed properties).
 */
export function describeValidationError(error: FastifySchemaValidationError | ErrorObject, part: string, schema: unknown): string {
  const where = PART_NAME[part] ?? part;
  const path = error.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const field = path ? `field "${path}" of ${where}` : where;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const allowed = Object.keys((schema as { properties?: object } | undefined)?.properties ?? {});
      return `${where} has an unknown property "${String(params.additionalProperty)}"${allowed.length ? `; allowed: ${allowed.join(', ')}` : ''}`;
    }
    case 'required':
      return `${where} lacks the required field "${String(params.missingProperty)}"`;
    case 'type':
      return `${field} must be ${article(String(params.type))}`;
    case 'enum':
      return `${field} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return `${field} ${error.message ?? 'is invalid'}`;
  }
}

function article(type: string): string {
  const words = type.split(',').map((t) => (t === 'integer' ? 'an integer' : t === 'object' || t === 'array' ? `an ${t}` : `a ${t}`));
  return words.join(' or ');
}
