// Typed calls to the prodclass HTTP API (shapes from src/serving/api-types.ts).

import type {
  AnalysisPending,
  AuditDecisionResponse,
  AuditResponse,
  CategoriesResponse,
  DatasetAnalysis,
  ErrorResponse,
  ExploreCategoryResponse,
  FeedbackListResponse,
  FeedbackRequest,
  HealthResponse,
  JobResponse,
  JobsResponse,
  ModelsResponse,
  ModelsPageResponse,
  PredictResponse,
  ReviewResponse,
} from '../../src/serving/api-types';
import type { DuplicatesResponse, SimilarRequest, SimilarResponse } from '../../src/serving/api-similar-types';
import type { CatalogsResponse } from '../../src/serving/api-catalog-types';

/** The catalog this page works on: `?catalog=` in its address, else the default one. */
export const CATALOG = new URLSearchParams(window.location.search).get('catalog') || 'default';

/** Where that catalog's routes are: /api for the default catalog, /api/catalogs/{name} for another. */
const CATALOG_API = CATALOG === 'default' ? '/api' : `/api/catalogs/${encodeURIComponent(CATALOG)}`;

/** An error answer of the API, with its stable code and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(path, init);
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as ErrorResponse | null;
    throw new ApiError(res.status, body?.error ?? 'HTTP_ERROR', body?.message ?? `${res.status} ${res.statusText}`);
  }
  return (res.status === 204 ? undefined : await res.json()) as T;
}

const json = (body: unknown, extra: HeadersInit = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...extra },
  body: JSON.stringify(body),
});

const bearer = (token: string): HeadersInit => ({ authorization: `Bearer ${token}` });

export const api = {
  /** Every catalog of the server (the picker lists them when there are several). */
  catalogs: () => call<CatalogsResponse>('/api/catalogs'),
  health: () => call<HealthResponse>(`${CATALOG_API}/health`),
  categories: () => call<CategoriesResponse>(`${CATALOG_API}/categories`),
  models: () => call<ModelsResponse>(`${CATALOG_API}/models`),
  modelsSummary: () => call<ModelsPageResponse>(`${CATALOG_API}/models/summary`),

  /** The analysis of the catalog's data (the data its active model was trained on; the server's --data for the default one), or a pending note (202) when it is still being computed after `wait` seconds. */
  explore: (wait: number) => call<DatasetAnalysis | AnalysisPending>(`${CATALOG_API}/explore?wait=${wait}`),
  exploreCategory: (code: number) => call<ExploreCategoryResponse>(`${CATALOG_API}/explore/categories/${code}`),
  /** Where the HTML report downloads from. */
  reportUrl: (lang: 'en' | 'fr') => `${CATALOG_API}/report?lang=${lang}`,

  /** Classifies a product; with an image the request is multipart. */
  predict(product: { designation: string; description: string; image: File | null }, signal?: AbortSignal): Promise<PredictResponse> {
    if (!product.image) return call(`${CATALOG_API}/predict`, { ...json({ designation: product.designation, description: product.description, origin: 'page' }), signal });
    const form = new FormData();
    form.append('designation', product.designation);
    form.append('description', product.description);
    form.append('origin', 'page');
    form.append('image', product.image, product.image.name || 'image');
    return call(`${CATALOG_API}/predict`, { method: 'POST', body: form, signal });
  },

  /** The catalog products most like a product's text (404 NOT_FOUND when the model has no similarity index). */
  similar: (body: SimilarRequest, signal?: AbortSignal) => call<SimilarResponse>(`${CATALOG_API}/similar`, { ...json(body), signal }),
  duplicates: () => call<DuplicatesResponse>(`${CATALOG_API}/duplicates`),
  /**
   * The catalog products whose photos are most like `image` (the index must hold photos); with `title`, most like the
   * product by its photo and its text together (by=both).
   */
  similarPhoto(image: File, k: number, category?: string, signal?: AbortSignal, title?: string): Promise<SimilarResponse> {
    const form = new FormData();
    if (title) form.append('title', title);
    form.append('image', image, image.name || 'image');
    const query = `k=${k}${category ? `&category=${encodeURIComponent(category)}` : ''}${title ? '&by=both' : ''}`;
    return call(`${CATALOG_API}/similar/photo?${query}`, { method: 'POST', body: form, signal });
  },

  /** Sends the token of this tab when it has one: servers with reviewer tokens refuse feedback without it. */
  feedback: (body: FeedbackRequest, token = '') => call<{ feedback: FeedbackListResponse['items'][number] }>(`${CATALOG_API}/feedback`, json(body, token ? bearer(token) : {})),
  feedbackList: (limit = 10) => call<FeedbackListResponse>(`${CATALOG_API}/feedback?limit=${limit}`),
  review: (threshold: number | null, limit = 20) =>
    call<ReviewResponse>(`${CATALOG_API}/review?limit=${limit}${threshold === null ? '' : `&threshold=${threshold}`}`),

  /** Starts an audit (a job) of the catalog's labelled data, or of `file` (a labelled catalog file); sends the tab's token when it has one. */
  startAudit: (token = '', file?: File) => {
    const form = file ? new FormData() : undefined;
    form?.append('file', file!, file!.name);
    return call<JobResponse>(`${CATALOG_API}/audits`, { method: 'POST', headers: token ? bearer(token) : {}, body: form });
  },
  audit: (id: string) => call<AuditResponse>(`${CATALOG_API}/audits/${encodeURIComponent(id)}`),
  auditDecision: (id: string, row: number, decision: 'keep' | 'move', token = '') =>
    call<AuditDecisionResponse>(`${CATALOG_API}/audits/${encodeURIComponent(id)}/decisions`, json({ row, decision }, token ? bearer(token) : {})),

  job: (id: string) => call<JobResponse>(`${CATALOG_API}/jobs/${encodeURIComponent(id)}`),
  jobs: (kind: 'batch' | 'retrain', limit = 10) => call<JobsResponse>(`${CATALOG_API}/jobs?kind=${kind}&limit=${limit}`),
  /** Retrains; with a taxonomy file (and its mapping), onto that new version of the taxonomy. */
  retrain(token: string, next?: { taxonomy: File; mapping: File | null }): Promise<JobResponse> {
    if (!next) return call<JobResponse>(`${CATALOG_API}/retrain`, { method: 'POST', headers: bearer(token) });
    const form = new FormData();
    form.append('taxonomy', next.taxonomy, next.taxonomy.name);
    if (next.mapping) form.append('mapping', next.mapping, next.mapping.name);
    return call<JobResponse>(`${CATALOG_API}/retrain`, { method: 'POST', headers: bearer(token), body: form });
  },
  activate: (id: string, token: string) => call<unknown>(`${CATALOG_API}/models/${encodeURIComponent(id)}/activate`, { method: 'POST', headers: bearer(token) }),

  /**
   * Uploads a batch with upload progress (fetch cannot report it, XMLHttpRequest can). `columns`: which column holds
   * what, as the CLI's --columns takes it ('' finds them by their usual names).
   */
  uploadBatch(csv: File, images: File[], onProgress: (fraction: number) => void, columns = ''): Promise<JobResponse> {
    const form = new FormData();
    if (columns) form.append('columns', columns);
    form.append('file', csv, csv.name);
    for (const image of images) form.append('images', image, image.name);
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `${CATALOG_API}/predict/batch`);
      xhr.responseType = 'json';
      xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
      xhr.onload = () => {
        const body = xhr.response as (JobResponse & Partial<ErrorResponse>) | null;
        if (xhr.status >= 200 && xhr.status < 300 && body) resolve(body);
        else reject(new ApiError(xhr.status, body?.error ?? 'HTTP_ERROR', body?.message ?? `upload failed (${xhr.status})`));
      };
      xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'the upload failed: the server could not be reached'));
      xhr.send(form);
    });
  },
};
