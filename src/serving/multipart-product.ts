// Reads a multipart product (designation, description, options and an optional image file) into a body Fastify can validate.

import type {} from '@fastify/multipart'; // types: request.parts(), request.isMultipart()
import type { FastifyRequest } from 'fastify';
import { ProdclassError } from '../core/errors.js';
import type { Limits } from './limits.js';
import { formatBytes } from './limits.js';
import { checkImage, type ImageType } from './upload-store.js';

export interface ImageUpload {
  bytes: Buffer;
  type: ImageType;
}

const TEXT_FIELDS = new Set(['title', 'designation', 'description', 'origin', 'explain', 'minConfidence']);

/**
 * Consumes the parts: text fields become `body`, the `image` file is read (up to the image limit) and checked
 * by its signature. Fields are validated afterwards by the route's multipart schema; `explain` becomes a boolean when it
 * reads true or false.
 * @throws ProdclassError PAYLOAD_TOO_LARGE for an image or field over its limit; IMAGE_INVALID for a file that
 *   is not an image; INVALID_INPUT for an unknown or repeated field, an unexpected file field or a second image.
 */
export async function readMultipartProduct(request: FastifyRequest, limits: Limits): Promise<{ body: Record<string, string | number | boolean>; image: ImageUpload | null }> {
  const body: Record<string, string | number | boolean> = {};
  let image: ImageUpload | null = null;
  const parts = request.parts({
    limits: { fileSize: limits.image, files: 1, fields: 8, fieldSize: limits.description * 4 + 1024, parts: 10 },
  });
  for await (const part of parts) {
    if (part.type === 'field') {
      if (!TEXT_FIELDS.has(part.fieldname)) {
        throw new ProdclassError('INVALID_INPUT', `unknown field "${part.fieldname}"; a product has ${[...TEXT_FIELDS].join(', ')} and an "image" file`, { location: { field: part.fieldname } });
      }
      if (part.valueTruncated) throw new ProdclassError('PAYLOAD_TOO_LARGE', `the field "${part.fieldname}" is too long`, { location: { field: part.fieldname } });
      if (part.fieldname in body) throw new ProdclassError('INVALID_INPUT', `the field "${part.fieldname}" is sent twice; send it once`, { location: { field: part.fieldname } });
      const value = String(part.value);
      // Form fields are text: the one boolean is spelled out, anything else is left for the schema to refuse.
      body[part.fieldname] = part.fieldname === 'explain' && (value === 'true' || value === 'false') ? value === 'true' : part.fieldname === 'minConfidence' && /^(0(\.\d+)?|1(\.0+)?)$/.test(value) ? Number(value) : value;
      continue;
    }
    if (part.fieldname !== 'image') {
      part.file.resume();
      throw new ProdclassError('INVALID_INPUT', `unexpected file field "${part.fieldname}"; send the photo as the "image" field`, { location: { field: part.fieldname } });
    }
    let bytes: Buffer;
    try {
      bytes = await part.toBuffer();
    } catch (error) {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
        throw new ProdclassError('PAYLOAD_TOO_LARGE', `the image is larger than the limit of ${formatBytes(limits.image)}`, { location: { field: 'image' } });
      }
      throw error;
    }
    image = { bytes, type: checkImage(bytes, limits.image) };
  }
  return { body, image };
}
