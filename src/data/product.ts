// The product record every layer passes around, as the challenge files describe it.

/** The text of a product, all a text model needs. */
export interface ProductText {
  designation: string;
  /** HTML as published; '' when the challenge file leaves it empty. */
  description: string;
}

/** One product: a row of X_train_update.csv / X_test_update.csv, or of a catalog file. */
export interface Product extends ProductText {
  /** The challenge's unnamed first column (the row index that joins X and Y files); in a catalog file, the 1-based data row. */
  index: number;
  /** The catalog's id column (the row number when it has none); absent for the challenge layout, whose id is `index`. */
  id?: string;
  productid: string;
  /** The challenge's image id; in a catalog file, the photo cell as written (a path or a URL), '' for none. */
  imageid: string;
  brand?: string;
  gtin?: string;
}

/** A product's id as users know it: the id column of a catalog, the index of the challenge layout. */
export function productId(product: Pick<Product, 'id' | 'index'>): string {
  return product.id ?? String(product.index);
}

/** A labelled dataset: products and their product type codes, position for position. */
export interface LabelledProducts {
  products: Product[];
  labels: Int32Array;
}
