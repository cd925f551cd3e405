// The template language and the shared words of the synthetic demo catalog; the per-class tables live beside it.

import { ProdclassError } from '../core/errors.js';
import { HOME_VOCABULARY } from './demo-vocabulary-home.js';
import { MEDIA_VOCABULARY } from './demo-vocabulary-media.js';
import { RAKUTEN_TAXONOMY } from '../taxonomy/index.js';

/**
 * Words for one product type code. Templates use `{slot}` (a random entry of the class's slot, else of
 * SHARED_SLOTS), `{#a-b}` (a random integer from a to b) and `[optional part]` (kept half the time).
 */
export interface DemoClassVocabulary {
  code: number;
  /** Designation templates, drawn uniformly. */
  titles: readonly string[];
  slots: Readonly<Record<string, readonly string[]>>;
  /** Description sentences; a description draws one to three. */
  sentences: readonly string[];
}

/** Slots every class may use. */
export const SHARED_SLOTS: Readonly<Record<string, readonly string[]>> = {
  color: ['Noir', 'Blanc', 'Gris', 'Bleu', 'Rouge', 'Vert', 'Rose', 'Beige', 'Jaune', 'Marron', 'Bleu Marine', 'Gris Anthracite', 'Taupe', 'Violet', 'Orange', 'Multicolore', 'Black', 'White', 'Schwarz'],
};

/** Sentences any description may end with. */
export const SHARED_SENTENCES: readonly string[] = [
  'Livraison rapide et soignée.', 'Produit neuf, expédié sous 48h.', 'Satisfait ou remboursé.', 'Photos non contractuelles.', 'Envoi en colis suivi depuis la France.',
  'Fast shipping, brand new.', 'Garantie 1 an.', 'Stock limité, commandez vite !',
];

function inTaxonomyOrder(): readonly DemoClassVocabulary[] {
  const byCode = new Map([...MEDIA_VOCABULARY, ...HOME_VOCABULARY].map((v) => [v.code, v]));
  return RAKUTEN_TAXONOMY.categories().map(({ key: code }) => {
    const vocabulary = byCode.get(code);
    if (!vocabulary) throw new ProdclassError('INTERNAL', `demo vocabulary: no entry for product type code ${code}`);
    return vocabulary;
  });
}

/** One entry per product type code, in the taxonomy's (ascending) order. */
export const DEMO_VOCABULARY: readonly DemoClassVocabulary[] = inTaxonomyOrder();
