// Demo-catalog vocabulary for books, press, stationery, video games, cards and figurines (13 of the 27 classes).

import type { DemoClassVocabulary } from './demo-vocabulary.js';

const BOOK_SLOTS = {
  book: [
    "Harry Potter à l'école des sorciers", 'Harry Potter et la chambre des secrets', 'Le Petit Prince', 'Les Misérables', "L'Étranger",
    'Le Seigneur des Anneaux', 'Germinal', 'Madame Bovary', 'Le Comte de Monte-Cristo', 'Les Trois Mousquetaires', 'Vingt mille lieues sous les mers',
    'Le Tour du monde en 80 jours', 'La Peste', 'Bel-Ami', 'Notre-Dame de Paris', "L'Alchimiste", 'Da Vinci Code', 'Millénium', 'Le Parfum',
    'Les Fleurs du mal', 'Candide', 'Le Rouge et le Noir', 'Au bonheur des dames', "Le Nom de la rose", 'La Nuit des temps', 'Dune',
    'Fondation', '1984', 'Le Meilleur des mondes', "L'Écume des jours", 'Le Grand Meaulnes', 'Guide du Routard Italie', 'Astérix le Gaulois',
    'Cuisine facile au quotidien', 'Histoire de France illustrée', 'The Hobbit', 'Pride and Prejudice', 'Der Process',
  ],
  author: [
    'J.K. Rowling', 'Victor Hugo', 'Albert Camus', 'Émile Zola', 'Jules Verne', 'Guy de Maupassant', 'Alexandre Dumas', 'Gustave Flaubert',
    'Antoine de Saint-Exupéry', 'J.R.R. Tolkien', 'Paulo Coelho', 'Stephen King', 'Agatha Christie', 'Marcel Pagnol', 'Boris Vian',
    'René Barjavel', 'Isaac Asimov', 'Frank Herbert', 'George Orwell', 'Stendhal', 'Voltaire', 'Marc Levy', 'Guillaume Musso', 'Fred Vargas',
  ],
  publisher: ['Gallimard', 'Folio', 'Le Livre de Poche', "J'ai Lu", 'Pocket', 'Flammarion', 'Hachette', 'Albin Michel', 'Seuil', 'Robert Laffont', 'Larousse'],
  tome: ['Tome 1', 'Tome 2', 'Tome 3', 'Volume 1', 'T1', 'T2', 'Livre 1', 'Intégrale'],
};

/** Books, press and stationery. */
const PAPER: DemoClassVocabulary[] = [
  {
    code: 10,
    titles: [
      '{book}', '{book} - {format}', '{book} - {author}', '{book} - {author} - {format}', '{book} [{tome}] - {publisher}',
      '{book} - {author} - {publisher} - {#1962-2005}', '{author} - {book}', '{book} - Livre - {state}', '{book} ({publisher} {format})',
    ],
    slots: {
      ...BOOK_SLOTS,
      format: ['poche', 'Poche', 'livre de poche', 'broché', 'Broché', 'relié', 'Paperback', 'Taschenbuch', 'format poche'],
      state: ['occasion', 'bon état', 'très bon état', 'état correct', 'Occasion'],
    },
    sentences: [
      '{book} de {author}, édition {publisher} de {#1965-2005}, {state}.', 'Livre {state}, quelques marques de lecture, couverture un peu frottée.',
      'Format poche, {#120-680} pages.', 'Exemplaire {state}, pages légèrement jaunies, envoi soigné.', 'Roman classique de {author}.',
    ],
  },
  {
    code: 2705,
    titles: [
      '{book} - {format}', '{book} - {edition}', '{book} [{tome}] - {format}', '{theme} : {subtitle} - {format}', '{book} - {author} - {edition}',
      '{theme} - {subtitle}', '{subtitle} - {format}', 'Coffret {book} - {edition}',
    ],
    slots: {
      ...BOOK_SLOTS,
      format: ['Grand format', 'Broché', 'Relié', 'Poche', 'Album', 'Beau livre', 'Hardcover'],
      edition: ['Édition collector', 'Nouvelle édition', 'Édition illustrée', 'Édition anniversaire', 'Édition 2021', 'Édition 2023'],
      theme: ['Méthode de yoga', 'Le guide de la permaculture', 'Apprendre le japonais', 'Histoire de la Rome antique', 'Mon cahier de vacances', 'Recettes végétariennes', 'Le grand livre du bricolage', 'Atlas du monde'],
      subtitle: ['pour les débutants', 'le guide complet', '100 recettes faciles', 'tout comprendre en 50 schémas', 'de 7 à 77 ans', 'les secrets des chefs'],
    },
    sentences: [
      'Résumé : dans ce roman, {author} nous entraîne dans une aventure inoubliable.', 'Un livre de référence, enfin réédité dans une nouvelle édition illustrée.',
      "Biographie de l'auteur : {author} est l'un des écrivains les plus lus en France.", 'Parution : {#2015-2023}. Éditeur : {publisher}. {#96-640} pages.',
      'Un guide pratique, clair et complet, pour apprendre pas à pas.', 'Le livre événement de la rentrée littéraire, découvrez la suite tant attendue.',
    ],
  },
  {
    code: 2403,
    titles: [
      'Lot De {#3-30} Livres {genre}', 'Lot {#2-20} Mangas {manga} Tomes 1 À {#5-40}', 'Lot Bd {bd} - {#3-15} Albums', 'Lot de {#5-25} romans {collection}',
      'Collection Complète {manga} - Lot {#10-60} Volumes', 'Lot {#2-12} Livres Enfant {genre}', '{manga} - Lot Tomes {#1-10} À {#11-30}', 'Lot Magazines Bd {bd}',
    ],
    slots: {
      genre: ['policier', 'romans', 'science-fiction', 'jeunesse', 'cuisine', 'histoire', 'fantasy', 'romans sentimentaux', 'classiques'],
      manga: ['Naruto', 'One Piece', 'Dragon Ball', 'Death Note', 'Fairy Tail', 'Bleach', 'Attaque des Titans', 'My Hero Academia', 'Berserk'],
      bd: ['Astérix', 'Tintin', 'Lucky Luke', 'Les Schtroumpfs', 'Spirou', 'Blake et Mortimer', 'Thorgal', 'Gaston Lagaffe', 'Largo Winch'],
      collection: ['Harlequin', 'Bibliothèque Rose', 'Bibliothèque Verte', 'Chair de Poule', 'Folio', 'Livre de Poche'],
    },
    sentences: [
      'Lot de {#3-30} livres en bon état général, voir photos.', 'Mangas {manga} en français, tomes en très bon état.', 'Vendu en lot uniquement, envoi en colis suivi.',
      'Albums BD {bd} cartonnés, éditions anciennes.', 'Lot idéal pour compléter votre collection.',
    ],
  },
  {
    code: 2280,
    titles: [
      '{mag} N° {#12-2800} Du {#1-28}/{#1-12}/{#1930-1999}', '{mag} N°{#12-2800} - {topic}', 'Journal {paper} Du {#1-28} {month} {#1914-1995}',
      '{mag} N° {#1-900} : {topic}', 'Revue {mag} {#1950-1999} - {topic}', '{paper} - Numéro Spécial {topic} - {#1944-1990}',
    ],
    slots: {
      mag: ['Paris Match', 'Historia', 'Spirou', 'Le Journal de Mickey', 'Lui', 'Elle', 'Sciences et Vie', 'Auto Plus', 'Pif Gadget', 'Télé 7 Jours', "L'Illustration", 'Le Chasseur Français', 'Salut Les Copains', 'Miroir Des Sports', 'Onze Mondial'],
      paper: ['Le Monde', 'Le Figaro', "L'Équipe", 'France Soir', 'Libération', "L'Humanité", 'Le Parisien', 'Ouest France'],
      month: ['Janvier', 'Février', 'Mars', 'Avril', 'Mai', 'Juin', 'Juillet', 'Août', 'Septembre', 'Octobre', 'Novembre', 'Décembre'],
      topic: ['Le Général De Gaulle', 'Les Beatles À Paris', 'Mort De Claude François', 'Le Tour De France', 'Spécial Jeux Olympiques', 'La Libération De Paris', 'Brigitte Bardot', 'Mai 68', 'La Coupe Du Monde', 'Johnny Hallyday'],
    },
    sentences: [
      'Journal ancien en bon état de conservation, quelques pliures.', 'Revue de {#1950-1999}, numéro complet avec ses pages centrales.', 'Magazine de collection, couverture {topic}.',
      'Exemplaire original, papier jauni par le temps.', 'Numéro recherché par les collectionneurs.',
    ],
  },
  {
    code: 2522,
    titles: [
      'Cahier {brand} {paper} {#48-192} Pages {ruling}', 'Stylo {pen} {brand} - Lot De {#2-50}', 'Classeur {brand} {paper} {#2-4} Anneaux Dos {#20-80} Mm',
      'Agenda {#2019-2025} {paper} Semainier {color}', 'Carnet De Notes {paper} {ruling} - {color}', 'Ramette Papier {paper} {#70-120}g - {#250-500} Feuilles',
      'Cartouche D\'encre Compatible {printer} Noir', 'Surligneur {brand} Boss - Pochette De {#4-10}', 'Enveloppes {format} Blanches Lot De {#25-500}',
      'Notizbuch {paper} Punktraster {#100-200} Seiten', 'Trousse Scolaire {color} {#2-3} Compartiments', 'Calculatrice {brand} Collège',
    ],
    slots: {
      brand: ['Clairefontaine', 'Oxford', 'Bic', 'Stabilo', 'Pilot', 'Exacompta', 'Conquérant', 'Maped', 'Leitz', 'Casio', 'Moleskine', 'Quo Vadis'],
      paper: ['A4', 'A5', 'A6', '21x29,7', '17x22', '24x32', 'B5'],
      ruling: ['Seyès', 'petits carreaux', 'ligné', 'grands carreaux', 'quadrillé 5x5', 'pointillé'],
      pen: ['bille', 'gel', 'plume', 'feutre', 'roller', 'effaçable'],
      printer: ['HP 302', 'Canon PG-545', 'Epson 603XL', 'Brother LC223', 'HP 304XL'],
      format: ['C5', 'DL', 'C4', '114x162'],
    },
    sentences: [
      'Cahier {paper} {#48-192} pages, papier {#70-90} g/m2, réglure {ruling}.', 'Fournitures scolaires et de bureau de qualité.', 'Couverture polypro résistante, reliure agrafée.',
      "Encre à séchage rapide, idéal pour l'école et le bureau.", 'Papier blanc extra lisse, format {paper}.',
    ],
  },
];

/** Video games, consoles and accessories, cards, figurines. */
const PLAY: DemoClassVocabulary[] = [
  {
    code: 40,
    titles: [
      '{retro} - {system} - {region}', 'Jeu {system} {retro}', '{retro} {system} {region} Complet', '{retro} - Import Japon - {system}',
      '{retro} ({system}, {#1988-2002})', '{game} - {system} - Import {region}', 'Jeu Vidéo {retro} Sur {system} En Boîte',
    ],
    slots: {
      retro: ['Super Mario World', 'The Legend Of Zelda', 'Sonic The Hedgehog', 'Street Fighter II', 'Pokémon Version Rouge', 'Donkey Kong Country', 'Final Fantasy VII', 'Metal Gear Solid', 'Castlevania', 'Tetris', 'Mario Kart 64', 'Crash Bandicoot', 'Resident Evil', 'Golden Eye 007', 'Chrono Trigger'],
      game: ['Dragon Quest XI', 'Persona 5', 'Monster Hunter', 'Yakuza 0', 'Tales Of Vesperia'],
      system: ['Super Nintendo', 'Snes', 'Nes', 'Nintendo 64', 'N64', 'Game Boy', 'Game Boy Color', 'Sega Mega Drive', 'Master System', 'Dreamcast', 'Playstation 1', 'PS1', 'Saturn', 'Neo Geo', 'Game Cube'],
      region: ['Pal', 'Pal Fr', 'NTSC-J', 'Jap', 'US', 'Pal Euro', 'FAH'],
    },
    sentences: [
      'Jeu original {system} testé et fonctionnel.', 'Cartouche seule, étiquette en bon état.', 'Version {region}, import, boîte et notice incluses.',
      'Jeu rétro en bon état, vendu complet.', 'Import japonais, textes en japonais.',
    ],
  },
  {
    code: 50,
    titles: [
      'Manette {wireless} Pour {console} - {color}', 'Câble De Charge USB Pour Manette {console}', 'Support {stand} Pour {console}', 'Housse De Protection Pour {console} {color}',
      'Casque Gaming {brand} {feature} Pour {console}', 'Chargeur Double Pour Manettes {console}', 'Volant {brand} Compatible {console} Et PC', 'Coque Silicone Manette {console} {color}',
      'Protection Écran Verre Trempé Pour Nintendo Switch', 'Carte Mémoire {#16-256} Go Pour {console}', 'Skin Autocollant Pour {console}', 'Grip Poignée Joy-Con {color}',
    ],
    slots: {
      console: ['PS4', 'PS5', 'Xbox One', 'Xbox Series X', 'Nintendo Switch', 'Switch Lite', 'PS3', 'Wii U', 'Nintendo 3DS', 'PC'],
      wireless: ['Sans Fil', 'Filaire', 'Bluetooth', 'Pro', 'Sans Fil Bluetooth Avec Vibration'],
      stand: ['Vertical', 'De Refroidissement', 'Mural', 'Station De Charge'],
      brand: ['Turtle Beach', 'Logitech', 'Razer', 'HyperX', 'Thrustmaster', 'Trust', 'PowerA', 'Hori', 'Subsonic'],
      feature: ['Micro Antibruit', 'Stéréo', '7.1 Surround', 'RGB'],
    },
    sentences: [
      'Accessoire compatible {console}, prêt à jouer.', 'Manette ergonomique avec vibrations et joystick précis, autonomie {#6-20} heures.', 'Câble USB de {#1-3} m inclus.',
      'Description : Compatible with {console}. Package includes: 1 x controller, 1 x USB cable.', 'Protection contre les rayures et la poussière.',
    ],
  },
  {
    code: 60,
    titles: [
      'Console {console} {storage} {color}', 'Console {console} + {#1-3} Manettes', 'Console {console} {edition}', 'Pack Console {console} {storage} + Jeu {game}',
      '{console} Console {storage} - {color}', 'Console Portable {handheld} {color}', 'Console Rétro {retro} {#200-900} Jeux Intégrés', 'Console {console} Reconditionnée {storage}',
    ],
    slots: {
      console: ['PS4', 'PS4 Slim', 'PS4 Pro', 'PS5', 'PS5 Digital Edition', 'Xbox One S', 'Xbox Series X', 'Xbox Series S', 'Nintendo Switch', 'Nintendo Switch OLED', 'Wii', 'PS3 Slim'],
      storage: ['500 Go', '1 To', '825 Go', '32 Go', '64 Go', '2 To', '250 Go'],
      edition: ['Édition Limitée', 'Édition Fortnite', 'Standard', 'Édition Animal Crossing'],
      game: ['Fifa 23', 'Mario Kart 8 Deluxe', 'Call Of Duty', 'Gran Turismo 7', 'Zelda Breath Of The Wild'],
      handheld: ['Nintendo 3DS XL', 'Nintendo 2DS', 'PS Vita', 'Game Boy Advance SP', 'Switch Lite', 'Nintendo DS Lite'],
      retro: ['Nes Classic Mini', 'Super Nintendo Mini', 'Mega Drive Mini', 'Retro Game'],
    },
    sentences: [
      'Console {console} en excellent état, fournie avec câble HDMI et alimentation.', 'Capacité de stockage : {storage}.', 'Console de jeux nouvelle génération, 4K HDR.',
      'Livrée avec une manette sans fil.', 'Console testée, fonctionne parfaitement.',
    ],
  },
  {
    code: 2462,
    titles: [
      'Lot {#2-10} Jeux {console}', 'Lot De Jeux {console} : {game}, {game}', 'Jeu {console} {game} - Occasion', 'Pack {#3-6} Jeux {console} Occasion',
      '{game} {console} Occasion Très Bon État', 'Lot Console {console} + {#2-8} Jeux + Manette', 'Bundle {#2-5} Jeux {console} Sans Boîte',
    ],
    slots: {
      console: ['PS4', 'PS3', 'PS2', 'Xbox 360', 'Xbox One', 'Wii', 'Nintendo DS', 'Nintendo 3DS', 'Switch', 'PSP'],
      game: ['Fifa 18', 'Gta V', 'Just Dance 2019', 'Call Of Duty Black Ops', 'Minecraft', 'Assassin\'s Creed', 'Need For Speed', 'Lego Star Wars', 'Pes 2017', 'Mario Party', 'Red Dead Redemption', 'Battlefield 4'],
    },
    sentences: [
      'Lot de jeux {console} d\'occasion, disques en bon état.', 'Jeux testés, boîtiers et notices présents.', 'Occasion - très bon état, quelques micro-rayures.',
      'Vendu en lot, envoi rapide et soigné.', 'Jeux en version française.',
    ],
  },
  {
    code: 2905,
    titles: [
      '{pcgame} - Jeu PC - {delivery}', '{pcgame} - PC - Steam', '{pcgame} {dlc} - PC Windows', 'Jeu PC {pcgame} - Clé {platform} - {delivery}',
      '{pcgame} - Mac, PC - {delivery}', '{pcgame} - Season Pass - PC', '{pcgame} [PC Code - {platform}]',
    ],
    slots: {
      pcgame: ['Euro Truck Simulator 2', 'Farming Simulator 19', 'The Witcher 3', 'Cities Skylines', 'Anno 1800', 'Total War Warhammer', 'Stellaris', 'Planet Zoo', 'Crusader Kings III', 'Train Sim World', 'Microsoft Flight Simulator', 'Fallout 4', 'Age Of Empires II', 'Sims 4'],
      dlc: ['DLC', 'Extension', 'Deluxe Edition', 'Gold Edition', 'Complete Edition', 'Expansion Pack'],
      platform: ['Steam', 'Origin', 'Uplay', 'GOG', 'Epic Games'],
      delivery: ['Téléchargement', 'Version Téléchargeable', 'Code De Téléchargement', 'Download', 'Livraison Par Email'],
    },
    sentences: [
      'Jeu PC en téléchargement, clé {platform} envoyée par email.', 'Configuration requise : Windows 10 64 bits, {#4-16} Go de RAM.', 'Activation sur {platform}, langue française.',
      'Ce contenu téléchargeable (DLC) nécessite le jeu de base.', 'Système minimum : processeur Intel Core i5, carte graphique compatible DirectX 11.',
    ],
  },
  {
    code: 1140,
    titles: [
      'Figurine {license} {character} {#10-30}cm', 'Funko Pop {license} {character} N°{#1-900}', 'Figurine {character} - {license} - {maker}', 'Mug {license} {character}',
      'Porte-Clés {license} {character}', 'Statue {character} {license} Résine {#15-45} Cm', 'Peluche {license} {character} Officielle', 'Poster {license} {character} {#40-90}x{#60-120}',
    ],
    slots: {
      license: ['Dragon Ball Z', 'Marvel', 'Star Wars', 'Harry Potter', 'One Piece', 'Naruto Shippuden', 'DC Comics', 'Pokémon', 'Disney', 'Game Of Thrones', 'My Hero Academia', 'Le Seigneur Des Anneaux'],
      character: ['Goku', 'Vegeta', 'Spider-Man', 'Iron Man', 'Dark Vador', 'Yoda', 'Luffy', 'Naruto', 'Batman', 'Pikachu', 'Hermione', 'Dumbledore', 'Mickey', 'Gandalf'],
      maker: ['Banpresto', 'Bandai', 'Hasbro', 'Tsume', 'Figuarts', 'Neca', 'Abystyle'],
    },
    sentences: [
      'Figurine officielle {license}, neuve en boîte.', 'Objet de collection sous licence officielle.', 'Hauteur : {#8-35} cm. Matière : PVC.',
      'Parfait pour les fans et collectionneurs de {license}.', 'Product of collection, vinyl figure in window box.',
    ],
  },
  {
    code: 1160,
    titles: [
      'Carte Pokémon {pokemon} {rarity} {#1-250}/{#100-250}', 'Carte Yu-Gi-Oh! {yugi} {rarity}', 'Magic The Gathering - {magic} - {rarity}', 'Booster {tcg} {set}',
      'Lot De {#10-200} Cartes {tcg}', 'Carte {tcg} {pokemon} Holo {lang}', 'Display {#18-36} Boosters {tcg} {set}', 'Panini {sport} {#2018-2024} Sticker N° {#1-600}',
      'Carte Topps {sport} {player} Rookie',
    ],
    slots: {
      pokemon: ['Dracaufeu', 'Pikachu', 'Mewtwo', 'Évoli', 'Lucario', 'Rayquaza', 'Ronflex', 'Tortank', 'Florizarre', 'Mew'],
      yugi: ['Magicien Sombre', 'Dragon Blanc Aux Yeux Bleus', 'Exodia', 'Kuriboh', 'Magicienne Des Ténèbres'],
      magic: ['Jace', 'Liliana', 'Black Lotus', 'Sol Ring', 'Terrain Île Foil'],
      rarity: ['Holo', 'Reverse', 'Ultra Rare', 'Secret Rare', 'Full Art', 'GX', 'EX', 'V Max', 'Commune', 'Rare'],
      tcg: ['Pokémon', 'Yu-Gi-Oh', 'Magic', 'Dragon Ball Super', 'One Piece Card Game', 'Lorcana'],
      set: ['Écarlate Et Violet', 'Épée Et Bouclier', 'Soleil Et Lune', 'Évolutions Céleste', 'Destinées Radieuses', 'Legendary Duelists'],
      lang: ['FR', 'VF', 'Anglaise', 'Japonaise'],
      sport: ['Foot', 'Champions League', 'NBA', 'Ligue 1', 'Coupe Du Monde'],
      player: ['Mbappé', 'Messi', 'Ronaldo', 'LeBron James', 'Zidane'],
    },
    sentences: [
      'Carte {tcg} en français, état near mint, protégée en sleeve.', 'Carte à collectionner authentique, envoi sous toploader.', 'Booster scellé de {#5-15} cartes.',
      'Trading card game, mint condition.', 'Cartes issues de la série {set}.',
    ],
  },
  {
    code: 1180,
    titles: [
      'Warhammer 40k {army} - {unit}', 'Games Workshop {army} {unit} Figurines', 'Age Of Sigmar {army} - Boîte De {#3-20} Figurines', 'Peinture Citadel {paint} {#12-24} Ml',
      'Jeu De Rôle {rpg} - {book}', '{rpg} - {book} - Livre De Règles', 'Figurine À Peindre {unit} {#28-54}mm', 'Set De Dés {dice} Pour Jeu De Rôle',
    ],
    slots: {
      army: ['Space Marines', 'Orks', 'Necrons', 'Eldars', 'Tyranides', 'Chaos', 'Stormcast Eternals', 'Skavens', 'Astra Militarum', 'Nains'],
      unit: ['Intercessors', 'Boyz', 'Dreadnought', 'Terminators', 'Warriors', 'Commandant', 'Escouade Tactique', 'Chevaliers'],
      paint: ['Base Abaddon Black', 'Layer Evil Sunz Scarlet', 'Shade Nuln Oil', 'Contrast Blood Angels Red', 'Spray Chaos Black'],
      rpg: ["Donjons Et Dragons", 'Pathfinder', "L'Appel De Cthulhu", 'Warhammer Jdr', 'Chroniques Oubliées', 'Vampire La Mascarade'],
      book: ['Manuel Des Joueurs', 'Guide Du Maître', 'Bestiaire', 'Kit De Démarrage', 'Écran Du Mj', 'Campagne'],
      dice: ['Polyédriques 7 Pièces', 'Métal', 'Résine', 'D20'],
    },
    sentences: [
      'Figurines plastique à assembler et à peindre, socles inclus.', 'Livre de règles du jeu de rôle {rpg}, en français.', 'Boîte Games Workshop neuve sous blister.',
      'Peinture acrylique pour figurines, pot de {#12-24} ml.', 'Wargame miniatures, unpainted, assembly required.',
    ],
  },
];

export const MEDIA_VOCABULARY: readonly DemoClassVocabulary[] = [...PAPER, ...PLAY];
