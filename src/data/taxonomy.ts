// The 27 Rakuten France product type codes with French and English display names.

import { ProdclassError } from '../core/errors.js';

export interface Category {
  code: number;
  fr: string;
  en: string;
}

export type Language = 'fr' | 'en';

/** Rakuten publishes only the codes; these names were chosen by reading the products of each class. */
export const CATEGORIES: readonly Category[] = Object.freeze([
  { code: 10, fr: "Livres d'occasion", en: 'Used books' },
  { code: 40, fr: 'Jeux vidéo import & rétro', en: 'Imported & retro video games' },
  { code: 50, fr: 'Accessoires gaming', en: 'Gaming accessories' },
  { code: 60, fr: 'Consoles de jeux', en: 'Game consoles' },
  { code: 1140, fr: 'Figurines & produits dérivés', en: 'Figurines & pop-culture merchandise' },
  { code: 1160, fr: 'Cartes à collectionner', en: 'Trading cards' },
  { code: 1180, fr: 'Jeux de rôle & figurines à peindre', en: 'Role-playing & tabletop miniatures' },
  { code: 1280, fr: 'Jouets pour enfants', en: "Children's toys" },
  { code: 1281, fr: 'Jeux de société', en: 'Board games' },
  { code: 1300, fr: 'Modélisme & drones', en: 'Models, RC & drones' },
  { code: 1301, fr: 'Layette & jeux de bar', en: 'Baby clothing & bar games' },
  { code: 1302, fr: "Jeux d'extérieur & jouets sensoriels", en: 'Outdoor play & sensory toys' },
  { code: 1320, fr: 'Puériculture', en: 'Baby care' },
  { code: 1560, fr: 'Mobilier & literie', en: 'Furniture & bedding' },
  { code: 1920, fr: 'Linge de maison & coussins', en: 'Household linen & cushions' },
  { code: 1940, fr: 'Épicerie & boissons', en: 'Grocery & drinks' },
  { code: 2060, fr: 'Décoration & luminaires', en: 'Home decoration & lighting' },
  { code: 2220, fr: 'Animalerie', en: 'Pet supplies' },
  { code: 2280, fr: 'Journaux & revues anciens', en: 'Old newspapers & magazines' },
  { code: 2403, fr: 'Livres, BD & mangas en lot', en: 'Books, comics & manga lots' },
  { code: 2462, fr: "Jeux vidéo d'occasion & lots", en: 'Used video games & bundles' },
  { code: 2522, fr: 'Papeterie & fournitures de bureau', en: 'Stationery & office supplies' },
  { code: 2582, fr: 'Mobilier & décoration de jardin', en: 'Garden furniture & decoration' },
  { code: 2583, fr: 'Piscine & spa', en: 'Pool & spa' },
  { code: 2585, fr: 'Bricolage & outillage', en: 'DIY & tools' },
  { code: 2705, fr: 'Livres neufs', en: 'New books' },
  { code: 2905, fr: 'Jeux PC en téléchargement', en: 'Downloadable PC games' },
]);

const byCode = new Map(CATEGORIES.map((c) => [c.code, c]));

/** The 27 codes, ascending. */
export const CATEGORY_CODES: readonly number[] = Object.freeze(CATEGORIES.map((c) => c.code));

export function isKnownCode(code: number): boolean {
  return byCode.has(code);
}

/** @throws ProdclassError DATA_UNKNOWN_CODE for a code outside the taxonomy. */
export function category(code: number): Category {
  const found = byCode.get(code);
  if (!found) {
    throw new ProdclassError('DATA_UNKNOWN_CODE', `${code} is not a Rakuten product type code (expected one of ${CATEGORY_CODES.join(', ')})`);
  }
  return found;
}

/** Display name in the given language; an unknown code shows as "code N" rather than failing a page. */
export function categoryName(code: number, language: Language = 'en'): string {
  return byCode.get(code)?.[language] ?? `code ${code}`;
}
