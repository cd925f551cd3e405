// Load a catalog file of any supported format: products from its columns, labels as keys of a taxonomy.

import { dirname, resolve } from 'node:path';
import { ProdclassError } from '../core/errors.js';
import { labelPath, learnableDepth, learnTaxonomy, pathId, type LabelPathOptions, type Taxonomy } from '../taxonomy/index.js';
import type { Catalog, CatalogReading } from './catalog.js';
import { catalogImageIndex } from './catalog-images.js';
import type { Product } from './product.js';
import { readTable, resolveColumns, type ColumnMapping, type ColumnRole, type ReadTableOptions, type Table } from './table/index.js';

export interface CatalogFileOptions extends ReadTableOptions, LabelPathOptions {
  /** Columns by role (`--columns`), overriding detection role by role. */
  columns?: ColumnMapping;
  /**
   * The categories labels must belong to (a taxonomy file, or the model's when evaluating). Without it the
   * taxonomy is learnt from the labels.
   */
  taxonomy?: Taxonomy;
  /** Refuse a file without a label column (training). Rows with an empty label are unlabelled products either way. */
  requireLabels?: boolean;
  /** Language of the names of a taxonomy learnt from labels (default `und`, undetermined). */
  language?: string;
}

/**
 * Reads `file` (CSV/TSV, JSON Lines, Parquet, xlsx; see `readTable`) into a catalog. Columns are found by their
 * usual names or mapped with `columns`; the id is the id column (or the row number when there is none); several
 * description columns are joined; a label cell holds an id, a full path (levels split on `separator`, cut to
 * `depth`; a JSON array of one path is read as that path) or an unambiguous name, and several label columns (one per
 * level, mapped `label=A+B+C`) are read one after another as one path, empty cells left out. Rows with an empty label are
 * the products to classify (`unlabelled`). Photos are paths relative to the file, absolute paths or URLs.
 * @throws ProdclassError from `readTable` and `resolveColumns` (DATA_MISSING_COLUMN names the columns found and the
 *   flag); DATA_DUPLICATE_INDEX for an id seen twice; DATA_BAD_ROW for a row with neither title nor description;
 *   DATA_UNKNOWN_CODE for a label outside the given taxonomy (with the closest categories); DATA_TOO_SMALL when
 *   `requireLabels` and no row is labelled. Each names the file, the line and the column.
 */
export async function loadCatalogFile(file: string, options: CatalogFileOptions = {}): Promise<Catalog> {
  const source = resolve(file);
  const table = await readTable(source, { encoding: options.encoding, delimiter: options.delimiter, sheet: options.sheet });
  const required: ColumnRole[] = options.requireLabels ? ['title', 'label'] : ['title'];
  const roles = resolveColumns(table, options.columns, required);
  const column = (position: number | undefined) => (position === undefined ? null : table.columns[position]);
  const labelColumn = labelColumnOf(table, roles);
  /** A row's label as written (its one label cell; with a column per level, the path's id) and its path. */
  const labelOf = (values: readonly string[]): { raw: string; path: string[] } => {
    if (roles.label.length === 1) {
      const raw = values[roles.label[0]] ?? '';
      return { raw, path: labelPath(raw, options) };
    }
    const levels = roles.label.flatMap((p) => labelPath(values[p] ?? '', { separator: options.separator }));
    const path = options.depth === undefined ? levels : levels.slice(0, options.depth);
    return { raw: pathId(path), path };
  };
  const warnings = [...table.warnings];

  const products: Product[] = [];
  const paths: string[][] = [];
  const raws: string[] = [];
  const lines: number[] = [];
  const seen = new Map<string, number>();
  table.rows.forEach((row, r) => {
    const cell = (position: number | undefined) => (position === undefined ? '' : (row.values[position] ?? '').trim());
    const id = roles.id === undefined ? String(r + 1) : cell(roles.id);
    const at = (field: number | undefined) => ({ file: source, line: row.line, field: column(field) ?? undefined });
    if (id === '') throw new ProdclassError('DATA_BAD_ROW', 'the id is empty; every product needs one (or map no id column)', { location: at(roles.id) });
    const first = seen.get(id);
    if (first !== undefined) {
      throw new ProdclassError('DATA_DUPLICATE_INDEX', `the id "${id}" is also on line ${first}; ids must be unique`, { location: at(roles.id) });
    }
    seen.set(id, row.line);
    const designation = cell(roles.title);
    const description = roles.description.map((p) => cell(p)).filter((text) => text !== '').join('\n');
    if (designation === '' && description === '') {
      throw new ProdclassError('DATA_BAD_ROW', 'the product has neither a title nor a description', { location: at(roles.title) });
    }
    const product: Product = { index: r + 1, id, designation, description, productid: id, imageid: cell(roles.image) };
    if (roles.brand !== undefined) product.brand = cell(roles.brand);
    if (roles.gtin !== undefined) product.gtin = cell(roles.gtin);
    products.push(product);
    const label = roles.label.length === 0 ? { raw: '', path: [] } : labelOf(row.values);
    paths.push(label.path);
    raws.push(label.raw);
    lines.push(row.line);
  });

  // Without a taxonomy or a depth, levels too thin to learn (titles written as the deepest levels) are cut.
  let depth = options.depth;
  if (!options.taxonomy && depth === undefined) {
    const learnable = learnableDepth(paths.filter((p) => p.length > 0));
    if (learnable) {
      depth = learnable.depth;
      paths.forEach((path, i) => (paths[i] = path.slice(0, learnable.depth)));
      warnings.push(
        `category paths cut to ${learnable.depth} levels: level ${learnable.depth + 1} holds ${learnable.productsPerCategory.toFixed(1)} products per category, too few to learn (--label-depth N chooses)`,
      );
    }
  }
  const taxonomy = options.taxonomy ?? learnTaxonomy(paths.filter((p) => p.length > 0), options.language);
  const labelled: Product[] = [];
  const labels: number[] = [];
  const unlabelled: Product[] = [];
  products.forEach((product, i) => {
    if (paths[i].length === 0) {
      unlabelled.push(product);
      return;
    }
    const key = keyOf(taxonomy, paths[i], raws[i]);
    if (key === undefined) {
      const wanted = paths[i].join(' > ');
      throw new ProdclassError(
        'DATA_UNKNOWN_CODE',
        `"${wanted}" is not a category of the ${taxonomy.name} taxonomy; closest: ${taxonomy.closest(wanted).map((c) => `"${c}"`).join(', ')}`,
        { location: { file: source, line: lines[i], field: labelColumn ?? undefined } },
      );
    }
    labelled.push(product);
    labels.push(key);
  });
  if (options.requireLabels && labelled.length === 0) {
    throw new ProdclassError('DATA_TOO_SMALL', `no row of ${source} has a label in the column "${labelColumn}"`, { location: { file: source } });
  }
  if (unlabelled.length > 0) {
    warnings.push(`${unlabelled.length} of ${products.length} products have no label: they are products to classify, not training data`);
  }

  const images = await catalogImageIndex(dirname(source), labelled, unlabelled);
  warnings.push(...images.warnings);
  return {
    source,
    format: table.format,
    taxonomy,
    train: { products: labelled, labels: Int32Array.from(labels) },
    unlabelled,
    test: null,
    images,
    warnings,
    demo: false,
    reading: readingOf(table, roles, { ...options, depth }),
  };
}

/** The key of a label: a taxonomy id as written, the path's id, the path by names, or an unambiguous name. */
function keyOf(taxonomy: Taxonomy, path: readonly string[], raw: string): number | undefined {
  const asWritten = taxonomy.byId(raw.trim());
  if (asWritten) return asWritten.key;
  const byPath = taxonomy.byId(pathId(path));
  if (byPath) return byPath.key;
  return taxonomy.resolve(pathId(path));
}

/** The label's columns as the file names them, joined with + where there are several (as a mapping writes them). */
function labelColumnOf(table: Table, roles: ReturnType<typeof resolveColumns>): string | null {
  return roles.label.length === 0 ? null : roles.label.map((p) => table.columns[p]).join('+');
}

function readingOf(table: Table, roles: ReturnType<typeof resolveColumns>, options: CatalogFileOptions): CatalogReading {
  const columns: Record<string, string[]> = {};
  for (const [role, value] of Object.entries(roles)) {
    const positions = Array.isArray(value) ? value : value === undefined ? [] : [value as number];
    if (positions.length > 0) columns[role] = positions.map((p) => table.columns[p]);
  }
  return {
    column: labelColumnOf(table, roles),
    ...(options.separator !== undefined ? { separator: options.separator } : {}),
    ...(options.depth !== undefined ? { depth: options.depth } : {}),
    columns,
  };
}
