// GET /api/products/:id/similar and POST /api/similar: the catalog products most like a catalog product or a new one, from the active model's similarity index.

import type { FastifyInstance } from 'fastify';
import { ProdclassError } from '../../core/errors.js';
import type { SimilarHit } from '../../models/similar/similar-index.js';
import { viewHits, type OpenedIndex } from '../../models/similar/similar-view.js';
import type { Taxonomy } from '../../taxonomy/index.js';
import type { DuplicatesResponse, SimilarBy, SimilarRequest, SimilarResponse } from '../api-similar-types.js';
import { findSameProducts } from '../../models/similar/same-product.js';
import type { AppContext } from '../app-context.js';
import { errorResponses } from '../schemas.js';
import { readMultipartProduct } from '../multipart-product.js';

const neighbour = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    title: { type: 'string' },
    category: { type: ['string', 'null'], description: "the category's id in the model's taxonomy; null when not filed" },
    categoryName: { type: ['string', 'null'] },
    similarity: { type: 'number', description: 'cosine similarity, 1 for the same text' },
    image: { type: ['string', 'null'] },
  },
} as const;

const answer = { 200: { type: 'object', properties: { neighbours: { type: 'array', items: neighbour }, indexed: { type: 'integer' } } } } as const;

const options = {
  k: { type: 'integer', minimum: 1, maximum: 100, default: 10, description: 'how many products' },
  by: { type: 'string', enum: ['text', 'image', 'both'], default: 'text', description: 'rank by text, photo, or a weighted sum of both similarities' },
  weight: { type: 'number', minimum: 0, maximum: 1, default: 0.5, description: "weight of the text similarity with by=both (the photo's is 1 - weight)" },
  category: { type: 'string', minLength: 1, maxLength: 200, description: "only products filed under this category (its id or name)" },
} as const;

/** Same-product groups per index, computed once per version of the index (filed products change it). */
const grouped = new WeakMap<OpenedIndex, { version: number; answer: Promise<DuplicatesResponse> }>();

/** The catalog's offers that are one product, with their categories; groups filed under several categories first. */
async function duplicatesOf(index: OpenedIndex): Promise<DuplicatesResponse> {
  const products = index.index.list();
  const byId = new Map(products.map((p) => [p.id, p]));
  const groups = await findSameProducts(products.map((p) => ({ id: p.id, title: p.title })));
  const views = groups.map((ids) => {
    const members = viewHits(ids.map((id) => ({ ...byId.get(id)!, similarity: 1 })), index.taxonomy).map(({ similarity: _s, ...rest }) => rest);
    return { products: members, conflicting: new Set(members.map((m) => m.category).filter((c) => c !== null)).size > 1 };
  });
  views.sort((a, b) => Number(b.conflicting) - Number(a.conflicting) || b.products.length - a.products.length);
  return { groups: views, offers: products.length };
}

/**
 * The active model's index.
 * @throws ProdclassError NOT_FOUND when the model has none (saying how to build it).
 */
async function activeIndex(ctx: AppContext): Promise<OpenedIndex> {
  // The products this host answered for are filed first: its next similar-products request finds them.
  await ctx.filings.flush();
  return ctx.indexes.of(ctx.models.active);
}

/** @throws ProdclassError INVALID_INPUT for a category the taxonomy lacks. */
function categoryKey(taxonomy: Taxonomy, category: string | undefined): number | undefined {
  if (category === undefined) return undefined;
  const key = taxonomy.resolve(category);
  if (key === undefined) {
    throw new ProdclassError('INVALID_INPUT', `category "${category}" is not in the ${taxonomy.name} taxonomy (closest: ${taxonomy.closest(category).join(', ')})`, { location: { field: 'category' } });
  }
  return key;
}

function respond(hits: SimilarHit[], index: OpenedIndex): SimilarResponse {
  return { neighbours: viewHits(hits, index.taxonomy), indexed: index.index.size };
}

export function registerSimilarRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { id: string }; Querystring: { k: number; by: SimilarBy; weight: number; category?: string } }>(
    '/api/products/:id/similar',
    {
      schema: {
        summary: 'The catalog products most like a catalog product',
        tags: ['similar'],
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 200, description: "the product's id column" } } },
        querystring: { type: 'object', additionalProperties: false, properties: options },
        response: { ...answer, ...errorResponses(400, 404, 409) },
      },
    },
    async (request) => {
      const index = await activeIndex(ctx);
      const category = categoryKey(index.taxonomy, request.query.category);
      return respond(index.index.similarToIdBy(request.params.id, request.query.k, request.query.by, request.query.weight, { category }), index);
    },
  );

  app.post<{ Body: SimilarRequest }>(
    '/api/similar',
    {
      schema: {
        summary: 'The catalog products most like a new product',
        tags: ['similar'],
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['title'],
          properties: {
            title: { type: 'string', minLength: 1, maxLength: ctx.limits.designation, description: 'product title' },
            description: { type: 'string', maxLength: ctx.limits.description, description: 'product description (HTML allowed)' },
            ...options,
          },
        },
        response: { ...answer, ...errorResponses(400, 404, 409) },
      },
    },
    async (request) => {
      const { title, description = '', k = 10, by = 'text', category } = request.body;
      const index = await activeIndex(ctx);
      const options = { category: categoryKey(index.taxonomy, category) };
      if (by === 'both') throw new ProdclassError('CONFLICT', 'by=both ranks catalog products (GET /api/products/:id/similar); for new text ask by=text, or by=image to match the words against photos', { location: { field: 'by' } });
      // by=image: the words against the catalog's photos (CLIP's shared text-image space).
      const hits = by === 'image' ? await index.index.similarToPhoto({ words: `${title} ${description}`.trim() }, k, options) : index.index.similarToText({ designation: title, description }, k, options);
      return respond(hits, index);
    },
  );

  app.get(
    '/api/duplicates',
    {
      schema: {
        summary: "The catalog's offers that are one product (groups filed under different categories first)",
        tags: ['similar'],
        querystring: { type: 'object', additionalProperties: false, properties: {} },
        response: { ...errorResponses(404) },
      },
    },
    async () => {
      const index = await activeIndex(ctx);
      const version = ctx.indexes.version(index);
      let cached = grouped.get(index);
      if (!cached || cached.version !== version) {
        cached = { version, answer: duplicatesOf(index) };
        grouped.set(index, cached);
      }
      return cached.answer;
    },
  );

  app.post<{ Querystring: { k: number; category?: string; by: 'image' | 'both'; weight: number } }>(
    '/api/similar/photo',
    {
      schema: {
        summary: 'The catalog products whose photos are most like a photo, or most like a new product by its photo and its text',
        description:
          'multipart/form-data with an `image` file (JPEG, PNG, WebP or GIF); needs an index built with photos (`prodclass index --photos`). ' +
          'With `by=both`, also the product\'s `title` (and `description`) fields: products rank by `weight` x text similarity + (1 - weight) x photo similarity.',
        tags: ['similar'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { k: options.k, category: options.category, by: { type: 'string', enum: ['image', 'both'], default: 'image', description: 'the photo alone, or the photo and the text' }, weight: options.weight },
        },
        response: { ...answer, ...errorResponses(400, 404, 409, 413, 415) },
      },
    },
    async (request) => {
      if (!request.isMultipart()) throw new ProdclassError('INVALID_INPUT', 'send the photo as multipart/form-data, in the field "image"', { location: { field: 'image' } });
      const { body, image } = await readMultipartProduct(request, ctx.limits);
      if (!image) throw new ProdclassError('INVALID_INPUT', 'the form has no "image" file: send the photo in the field "image"', { location: { field: 'image' } });
      const { k, by, weight } = request.query;
      const title = typeof body.title === 'string' ? body.title : typeof body.designation === 'string' ? body.designation : '';
      if (by === 'both' && !title.trim()) throw new ProdclassError('INVALID_INPUT', 'by=both ranks by the text too: send the product\'s "title" field with the photo', { location: { field: 'title' } });
      const index = await activeIndex(ctx);
      const filter = { category: categoryKey(index.taxonomy, request.query.category) };
      if (by === 'image') return respond(await index.index.similarToPhoto({ image: image.bytes }, k, filter), index);
      const description = typeof body.description === 'string' ? body.description : '';
      return respond(await index.index.similarToProduct({ designation: title, description }, image.bytes, k, weight, filter), index);
    },
  );
}
