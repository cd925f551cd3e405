// The catalogs API's request and answer types, shared with the web page.

/** POST /api/catalogs: a new catalog and the folder of model folders it serves. */
export interface CreateCatalogRequest {
  /** 1 to 40 lower-case letters, digits and dashes: its routes are /api/catalogs/{name}/... */
  name: string;
  /** A folder of model folders on the server (as models/ is for the default catalog); retrained models go there too. */
  modelsDir: string;
  /** Which of its models to serve first; default: the most recently trained. */
  activeModel?: string;
}

export interface CatalogView {
  name: string;
  /** The active model's id; null when it has none. */
  activeModel: string | null;
  /** Registered models. */
  models: number;
  /** Null for the default catalog, which always exists. */
  createdAt: string | null;
  /** Where its routes are: /api for the default catalog, /api/catalogs/{name} for the others. */
  api: string;
}

/** GET /api/catalogs. */
export interface CatalogsResponse {
  catalogs: CatalogView[];
}

/** DELETE /api/catalogs/{name}: what was removed from the storage, and what stays on disk. */
export interface RemoveCatalogResponse {
  name: string;
  /** Rows deleted, per kind. */
  removed: { predictions: number; feedback: number; jobs: number; models: number; modelFiles: number; categoryAdditions: number; indexChanges: number };
  /** The catalog's models folder (as the server shows paths): it and its model folders are left on disk. */
  modelsDirKept: string;
  message: string;
}
