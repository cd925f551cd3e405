// The product record every layer passes around, as the challenge files describe it.

/** The text of a product, all a text model needs. */
export interface ProductText {
  designation: string;
  /** HTML as published; '' when the challenge file leaves it empty. */
  description: string;
}

/** One row of X_train_update.csv / X_test_update.csv. */
export interface Product extends ProductText {
  /** The unnamed first column: the row index that joins X and Y files. */
  index: number;
  productid: string;
  imageid: string;
}

/** A labelled dataset: products and their product type codes, position for position. */
export interface LabelledProducts {
  products: Product[];
  labels: Int32Array;
}
