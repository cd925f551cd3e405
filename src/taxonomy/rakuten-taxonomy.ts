// The Rakuten France challenge's 27 product type codes, bundled as a flat taxonomy with French and English names.

import { Taxonomy } from './taxonomy.js';

/** Rakuten publishes only the codes; these names were chosen by reading the products of each class. */
const RAKUTEN_CATEGORIES: ReadonlyArray<readonly [code: number, fr: string, en: string]> = [
  [10, "Livres d'occasion", 'Used books'],
  [40, 'Jeux vidéo import & rétro', 'Imported & retro video games'],
  [50, 'Accessoires gaming', 'Gaming accessories'],
  [60, 'Consoles de jeux', 'Game consoles'],
  [1140, 'Figurines & produits dérivés', 'Figurines & pop-culture merchandise'],
  [1160, 'Cartes à collectionner', 'Trading cards'],
  [1180, 'Jeux de rôle & figurines à peindre', 'Role-playing & tabletop miniatures'],
  [1280, 'Jouets pour enfants', "Children's toys"],
  [1281, 'Jeux de société', 'Board games'],
  [1300, 'Modélisme & drones', 'Models, RC & drones'],
  [1301, 'Layette & jeux de bar', 'Baby clothing & bar games'],
  [1302, "Jeux d'extérieur & jouets sensoriels", 'Outdoor play & sensory toys'],
  [1320, 'Puériculture', 'Baby care'],
  [1560, 'Mobilier & literie', 'Furniture & bedding'],
  [1920, 'Linge de maison & coussins', 'Household linen & cushions'],
  [1940, 'Épicerie & boissons', 'Grocery & drinks'],
  [2060, 'Décoration & luminaires', 'Home decoration & lighting'],
  [2220, 'Animalerie', 'Pet supplies'],
  [2280, 'Journaux & revues anciens', 'Old newspapers & magazines'],
  [2403, 'Livres, BD & mangas en lot', 'Books, comics & manga lots'],
  [2462, "Jeux vidéo d'occasion & lots", 'Used video games & bundles'],
  [2522, 'Papeterie & fournitures de bureau', 'Stationery & office supplies'],
  [2582, 'Mobilier & décoration de jardin', 'Garden furniture & decoration'],
  [2583, 'Piscine & spa', 'Pool & spa'],
  [2585, 'Bricolage & outillage', 'DIY & tools'],
  [2705, 'Livres neufs', 'New books'],
  [2905, 'Jeux PC en téléchargement', 'Downloadable PC games'],
];

/** The challenge's taxonomy: keys are the product type codes; French is the catalog's language, English shown by default. */
export const RAKUTEN_TAXONOMY: Taxonomy = new Taxonomy(
  RAKUTEN_CATEGORIES.map(([code, fr, en]) => ({ id: String(code), names: { en, fr }, parentId: null })),
  { name: 'rakuten', languages: ['en', 'fr'] },
);
