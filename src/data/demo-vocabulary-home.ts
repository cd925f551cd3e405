// Demo-catalog vocabulary for toys, baby, home, garden, pool, tools, pets and grocery (14 of the 27 classes).

import type { DemoClassVocabulary } from './demo-vocabulary.js';

/** Toys, games, models and baby. */
const CHILD: DemoClassVocabulary[] = [
  {
    code: 1280,
    titles: [
      'Peluche {animal} {#20-60} Cm {color}', 'Poupée {doll} {dollkind}', 'Voiture {toycar} Jouet Enfant', '{brand} {toyline} - {toyset}', 'Jouet En Bois {wood}',
      'Lego {legoline} {#60000-60400} - {toyset}', 'Playmobil {toyset} {#70000-71400}', 'Doudou {animal} {color} Bébé', 'Kids Toy {wooden} Wooden {animal}',
      'Jouet Éducatif {wood} Montessori', 'Déguisement {costume} Enfant {#3-12} Ans',
    ],
    slots: {
      animal: ['Lapin', 'Ours', 'Licorne', 'Chat', 'Chien', 'Panda', 'Dinosaure', 'Éléphant', 'Girafe', 'Renard'],
      doll: ['Barbie', 'Corolle', 'Poupon', 'Baby Born', 'LOL Surprise', 'Nancy'],
      dollkind: ['Princesse', 'Avec Accessoires', 'Sirène', '36 Cm', 'Et Son Cheval'],
      toycar: ['Hot Wheels', 'Majorette', 'Camion De Pompiers', 'Garage Parking', 'Tracteur', 'Circuit'],
      brand: ['Vtech', 'Fisher Price', 'Hasbro', 'Mattel', 'Janod', 'Smoby', 'Chicco', 'Clementoni'],
      toyline: ['Pat Patrouille', 'Peppa Pig', 'Reine Des Neiges', 'Cars', 'Toy Story', 'Pyjamasques'],
      toyset: ['Le Quartier Général', 'Coffret Découverte', 'La Caserne', 'Le Château', 'Set De Jeu', 'La Ferme'],
      legoline: ['City', 'Friends', 'Duplo', 'Technic', 'Ninjago', 'Creator'],
      wood: ['Puzzle À Encastrer', 'Cubes Empilables', 'Boulier', 'Train', 'Cuisine Dinette', 'Jeu De Formes'],
      wooden: ['Pull Along', 'Stacking', 'Baby'],
      costume: ['Pirate', 'Princesse', 'Chevalier', 'Super-Héros', 'Pompier', 'Fée'],
    },
    sentences: [
      'Jouet pour enfant à partir de {#1-6} ans.', 'Peluche toute douce, lavable en machine.', 'Attention : ne convient pas aux enfants de moins de 36 mois. Petits éléments.',
      'Développe la motricité et l\'imagination de votre enfant.', 'Piles incluses, sons et lumières.',
    ],
  },
  {
    code: 1281,
    titles: [
      'Jeu De Société {boardgame}', '{boardgame} - Jeu De Société - {publisher}', 'Puzzle {#500-3000} Pièces {puzzle}', 'Jeu De Cartes {cardgame}',
      '{boardgame} Extension {expansion}', 'Jeu D\'ambiance {party} - {#3-10} Joueurs', 'Puzzle {#24-150} Pièces Enfant {puzzle}', 'Jeu De Plateau {boardgame} Édition {edition}',
      'Brettspiel {boardgame} Deutsche Ausgabe',
    ],
    slots: {
      boardgame: ['Monopoly', 'Cluedo', 'Trivial Pursuit', 'Scrabble', 'Catan', 'Dixit', 'Les Aventuriers Du Rail', 'Carcassonne', 'Risk', 'Pandemic', 'Azul', 'Mille Bornes', 'Puissance 4', 'Qui Est-Ce'],
      publisher: ['Asmodee', 'Hasbro Gaming', 'Ravensburger', 'Days Of Wonder', 'Gigamic', 'Dujardin', 'Iello'],
      puzzle: ['Paysage De Montagne', 'Ravensburger Carte Du Monde', 'Chats', 'Paris La Nuit', 'Disney Classics', 'Van Gogh La Nuit Étoilée'],
      cardgame: ['Uno', 'Skyjo', 'Dobble', 'Tarot', 'Belote', 'Time\'s Up', 'Jungle Speed'],
      expansion: ['Marins', 'Villes Et Chevaliers', 'Europe', 'Odyssey', 'Harmonies'],
      party: ['Blanc Manger Coco', 'Taboo', 'Pictionary', 'Just One', 'Codenames', 'Loup-Garou'],
      edition: ['Classique', 'Famille', 'Voyage', 'Collector', '2020'],
    },
    sentences: [
      'Jeu de société pour {#2-8} joueurs, à partir de {#6-14} ans, durée {#15-90} minutes.', 'Le jeu de plateau incontournable pour vos soirées en famille.', 'Contenu : plateau, {#50-200} cartes, pions, dés, règle du jeu.',
      'Puzzle de {#500-3000} pièces, dimensions {#50-98} x {#38-70} cm.', 'Jeu en français, boîte complète.',
    ],
  },
  {
    code: 1300,
    titles: [
      'Drone {drone} {dronemodel}[ Avec Caméra {res}][ {wifi}]', 'Drone {dronemodel} Caméra {res} {wifi} Pliable', 'Voiture Radiocommandée {rcbrand} 1/{#8-24} {drive}', 'Hélicoptère RC {#3-4} Voies {rcbrand}',
      'Batterie Lipo {#2-6}S {#1000-5200}mAh Pour {rcmodel}', 'Maquette {kit} {scale} {maker}', 'Train Électrique {train} Échelle {gauge}', 'Hélice De Rechange Pour Drone {drone} {dronemodel}',
      'Avion RC {plane} Envergure {#60-150} Cm', 'Quadcopter FPV {res} Drone {drone}', 'Bateau Radiocommandé {rcbrand} {#30-90} Cm',
    ],
    slots: {
      drone: ['DJI', 'Parrot', 'Syma', 'Hubsan', 'Holy Stone', 'Eachine', 'Potensic'],
      dronemodel: ['Mini', 'Mini 2', 'Mavic Air', 'Mavic 3', 'Phantom 4', 'Tello', 'Bebop 2', 'X5C', 'Zino', 'Anafi', 'FPV'],
      res: ['4K', 'HD 1080P', '720P', '4K Ultra HD', '2.7K'],
      wifi: ['WiFi FPV', 'GPS', 'Retour Automatique', 'Mode Headless', 'Stabilisateur 3 Axes'],
      rcbrand: ['Traxxas', 'Tamiya', 'Carson', 'Hpi', 'Wltoys', 'Graupner', 'Absima'],
      drive: ['4WD', 'Brushless', 'Tout Terrain', 'Buggy', 'Monster Truck', 'Crawler', 'Drift'],
      rcmodel: ['Voiture RC', 'Drone', 'Avion RC', 'Hélicoptère'],
      kit: ['Avion Spitfire', 'Char Tigre', 'Bateau Titanic', 'Porsche 911', 'Hélicoptère Apache', 'Fusée Saturn V'],
      scale: ['1/72', '1/48', '1/35', '1/24', '1/350', '1/144'],
      maker: ['Revell', 'Heller', 'Tamiya', 'Airfix', 'Italeri'],
      train: ['Märklin', 'Jouef', 'Roco', 'Piko', 'Hornby'],
      gauge: ['HO', 'N', 'O', '1/87'],
      plane: ['Planeur', 'Cessna', 'Warbird', 'Aile Volante'],
    },
    sentences: [
      'Drone avec caméra {res}, autonomie de vol {#8-34} minutes, portée {#50-4000} m.', 'Radiocommande 2.4 GHz, batterie rechargeable incluse.', 'Maquette à monter et à peindre, colle et peinture non fournies.',
      'Modélisme : vitesse maximale {#20-80} km/h.', 'Quadcopter with {res} camera, one key return, altitude hold.',
    ],
  },
  {
    code: 1301,
    titles: [
      'Body Bébé {sleeve} {fabric} {#0-24} Mois', 'Pyjama Grenouillère Bébé {color} {#1-24} Mois', 'Chaussons Bébé {babywear} {color}', 'Lot De {#3-10} Paires Chaussettes Bébé',
      'Ensemble Bébé {babywear} {#3-24} Mois', 'Bonnet Naissance {fabric} {color}', 'Baby-Foot {babyfoot} {color}', 'Jeu De Fléchettes {darts}', 'Table De Billard {#5-8} Ft {color}',
      'Baby Romper {fabric} Newborn', 'Accessoires Baby-Foot - Lot {#3-10} Balles',
    ],
    slots: {
      sleeve: ['Manches Longues', 'Manches Courtes', 'Croisé', 'Sans Manches'],
      fabric: ['Coton Bio', 'Coton', 'Velours', 'Laine', 'Jersey', 'Polaire'],
      babywear: ['Fille', 'Garçon', 'Naissance', 'Mixte', 'Antidérapant', 'Cuir Souple'],
      babyfoot: ['Bonzini', 'Pro Stade', 'Enfant', 'Compétition', 'Familial', 'Pliable'],
      darts: ['Électronique', 'Cible Sisal', 'Pointes Acier', 'Pointes Plastique', 'Avec 6 Fléchettes'],
    },
    sentences: [
      'Vêtement pour bébé en {fabric}, doux pour la peau.', 'Fermeture pressions à l\'entrejambe pour faciliter le change.', 'Taille : {#0-24} mois.',
      'Baby-foot robuste, barres télescopiques, idéal pour la salle de jeux.', 'Jeu de bar pour toute la famille.',
    ],
  },
  {
    code: 1302,
    titles: [
      'Trampoline {#180-430} Cm Avec Filet De Sécurité', 'Balançoire {swing} Pour Enfant', 'Pistolet À Eau {watergun}', 'Cerf-Volant {kite} {color}',
      'Fidget Toy {fidget} {color}', 'Slime {slime} Kit', 'Bulles De Savon {bubble}', 'Piscine À Balles {#100-500} Balles', 'Toboggan {slide} Enfant',
      'Jeu De Plein Air {outdoor}', 'Squishy {animal} Anti-Stress', 'Sensory Toy Pop It {color}',
    ],
    slots: {
      swing: ['Portique', 'Nid D\'oiseau', 'Double', 'Bois', 'Corde'],
      watergun: ['Super Soaker', 'Nerf', 'Longue Portée', 'Pompe'],
      kite: ['Monofil', 'Acrobatique', 'Delta', 'Parafoil'],
      fidget: ['Pop It', 'Spinner', 'Cube', 'Simple Dimple', 'Push Bubble'],
      slime: ['Pailleté', 'Fluffy', 'Arc-En-Ciel', 'Licorne'],
      bubble: ['Machine', 'Géantes', 'Pistolet', 'Recharge 1L'],
      slide: ['Plastique', 'Ondulé', 'Aquatique', 'De Jardin'],
      outdoor: ['Mölkky', 'Pétanque Enfant', 'Badminton', 'Croquet', 'Frisbee', 'Chamboule-Tout'],
      animal: ['Licorne', 'Chat', 'Avocat', 'Panda', 'Pêche'],
    },
    sentences: [
      'Jeu d\'extérieur pour enfants, structure en acier galvanisé.', 'Jouet sensoriel anti-stress en silicone, lavable.', 'Idéal pour le jardin et les journées d\'été.',
      'Charge maximale {#50-150} kg.', 'Sensory fidget toy, relieves stress and anxiety.',
    ],
  },
  {
    code: 1320,
    titles: [
      'Poussette {stroller} {pbrand} {color}', 'Siège Auto {group} {pbrand} Isofix', 'Biberon {#150-330} Ml {bottle}', 'Chaise Haute {highchair} {pbrand}',
      'Sac À Langer {bag} {color}', 'Tétine {pbrand} {#0-18} Mois Lot De {#2-4}', 'Baignoire Bébé {bath}', 'Porte-Bébé {carrier}', 'Tire-Lait {pump}',
      'Babyphone {monitor}', 'Lit Parapluie {pbrand} Avec Matelas',
    ],
    slots: {
      stroller: ['Canne', 'Trio', 'Combinée', 'Compacte', 'Tout Terrain', 'Double'],
      pbrand: ['Bébé Confort', 'Chicco', 'Maxi-Cosi', 'Cybex', 'Tommee Tippee', 'Avent', 'Babymoov', 'Safety 1st', 'Joie', 'Badabulle'],
      group: ['Groupe 0+', 'Groupe 1', 'Groupe 2/3', 'Groupe 0+/1/2/3', 'i-Size'],
      bottle: ['Anti-Colique', 'Verre', 'Col Large', 'Natural'],
      highchair: ['Évolutive', 'Pliable', 'Bois', 'Réglable'],
      bag: ['Sac À Dos', 'Imperméable', 'Avec Matelas À Langer'],
      bath: ['Pliable', 'Avec Transat', 'Ergonomique'],
      carrier: ['Physiologique', 'Écharpe De Portage', 'Ventral Dorsal'],
      pump: ['Électrique', 'Manuel', 'Double'],
      monitor: ['Vidéo', 'Audio', 'Écran 3.5 Pouces'],
    },
    sentences: [
      'Puériculture : produit conforme aux normes de sécurité européennes.', 'Convient aux bébés de la naissance à {#6-36} mois.', 'Sans BPA, facile à nettoyer.',
      'Harnais 5 points, réglage en hauteur.', 'Pratique et léger pour les sorties avec bébé.',
    ],
  },
];

/** House, garden, pool, tools, pets and grocery. */
const HOUSE: DemoClassVocabulary[] = [
  {
    code: 1560,
    titles: [
      'Matelas {bed} Mousse {foam} {#14-30} Cm', 'Sommier {slats} {bed}', 'Lit {bedkind} {bed} Avec Sommier', 'Canapé {sofa} {#2-4} Places {fabric} {color}', 'Table Basse {style} {wood}',
      'Chaise {style} Lot De {#2-6} {color}', 'Armoire {#2-4} Portes {wood}', 'Commode {#3-6} Tiroirs {style}', 'Bureau {style} {wood} Avec Rangement', 'Étagère {shelf} {#3-6} Niveaux',
      'Tête De Lit {fabric} {bed}', 'Meuble TV {style} {wood} {#120-200} Cm', 'Oreiller Ergonomique {foam} {#40-65}x{#40-65}',
    ],
    slots: {
      bed: ['140x190', '160x200', '90x190', '180x200', '80x200', '200x200'],
      foam: ['Mémoire De Forme', 'Haute Résilience', 'Latex', 'Ressorts Ensachés'],
      slats: ['À Lattes', 'Tapissier', 'Électrique', 'Kit'],
      bedkind: ['Coffre', 'Mezzanine', 'Superposé', 'Double', 'Enfant'],
      sofa: ["D'angle", 'Convertible', 'Clic-Clac', 'Scandinave', 'Chesterfield'],
      fabric: ['Velours', 'Tissu', 'Cuir', 'Simili Cuir', 'Lin'],
      style: ['Scandinave', 'Industriel', 'Contemporain', 'Vintage', 'Moderne'],
      wood: ['Chêne', 'Pin Massif', 'Bois Et Métal', 'Blanc Laqué', 'Effet Chêne'],
      shelf: ['Bibliothèque', 'Murale', 'Échelle', 'Cube'],
    },
    sentences: [
      'Matelas ferme {bed}, accueil moelleux, déhoussable.', 'Meuble livré en kit, notice de montage incluse.', 'Dimensions : L {#40-220} x l {#30-100} x H {#40-200} cm.',
      'Structure en bois massif, finition soignée.', 'Mobilier de qualité pour la chambre et le salon.',
    ],
  },
  {
    code: 1920,
    titles: [
      'Coussin {cushion} {cushsize} {material} {color}', 'Housse De Coussin {material} {cushsize} {pattern}', 'Housse De Couette {duvet} {pattern}', 'Parure De Lit {duvet} {#2-4} Pièces',
      'Drap Housse {bed} {material}', "Taie D'oreiller {#50-65}x{#50-75} {material}", 'Plaid {material} {#130-180}x{#150-230} {color}', 'Rideau {curtain} {#140-280}x{#140-260} {color}',
      'Nappe {tablecloth} {#140-350} Cm', 'Serviette De Bain {towel} {color}', 'Kissenbezug {material} {cushsize}', 'Tapis De Bain {material} {color}',
    ],
    slots: {
      cushion: ['Déhoussable', 'Décoratif', 'De Sol', 'Déco', 'De Chaise', 'Carré'],
      cushsize: ['40x40', '45x45', '50x50', '60x60', '30x50', '40x60'],
      material: ['Velours', 'Coton', 'Lin', 'Polyester', 'Satin De Coton', 'Percale', 'Flanelle', 'Polaire', 'Microfibre', 'Sherpa'],
      pattern: ['Géométrique', 'Fleuri', 'Uni', 'Rayé', 'Bohème', 'Tropical', 'Imprimé'],
      duvet: ['240x220', '140x200', '200x200', '260x240', '220x240'],
      bed: ['140x190', '160x200', '90x190', '180x200'],
      curtain: ['Occultant', 'Voilage', 'Thermique', 'À Œillets', 'Lin Lavé'],
      tablecloth: ['Anti-Taches', 'Rectangulaire', 'Ronde', 'Enduite'],
      towel: ['Éponge 500g', 'Coton Égyptien', 'Microfibre', 'Drap De Bain 70x140'],
    },
    sentences: [
      'Housse de coussin en {material} avec fermeture éclair invisible, garnissage inclus.', 'Linge de maison doux et résistant, lavable à {#30-60} degrés.', 'Dimensions : {cushsize} cm.',
      'Parure de lit comprenant une housse de couette et deux taies.', 'Apportez une touche cosy à votre salon.',
    ],
  },
  {
    code: 1940,
    titles: [
      'Café {coffee} {#250-1000}g', 'Capsules Compatibles Nespresso {coffeetaste} X{#10-100}', 'Thé {tea} {teabrand} {#20-100} Sachets', 'Chocolat {choco} {#70-99}% {#100-500}g',
      'Bonbons {candy} {#100-2000}g', "Huile D'olive Vierge Extra {#50-100} Cl", 'Miel {honey} {#250-1000}g', 'Épices {spice} Bio {#50-250}g', 'Coffret {gift} Gourmand',
      'Pâtes {pasta} {#500-1000}g Lot De {#2-12}', 'Biscuits {biscuit} Boîte {#150-800}g', 'Sirop {syrup} {#70-100} Cl',
    ],
    slots: {
      coffee: ['En Grains Arabica', 'Moulu Pur Arabica', 'Bio Éthiopie', 'Robusta Torréfié', 'Décaféiné'],
      coffeetaste: ['Intenso', 'Lungo', 'Ristretto', 'Vanille', 'Caramel'],
      tea: ['Vert', 'Noir Earl Grey', 'Matcha', 'Rooibos', 'Infusion Menthe', 'Chaï'],
      teabrand: ['Lipton', 'Kusmi Tea', 'Twinings', 'Dammann', 'Bio'],
      choco: ['Noir', 'Au Lait', 'Blanc', 'Praliné', 'Lindt'],
      candy: ['Haribo', 'Dragibus', 'Fraises Tagada', 'Réglisse', 'Guimauve', 'Bonbons Anglais'],
      honey: ['De Lavande', "D'acacia", 'De Montagne', 'De Fleurs', 'De Manuka'],
      spice: ['Curcuma', 'Paprika', 'Curry', 'Cannelle', 'Poivre Noir', 'Ras El Hanout'],
      gift: ['Foie Gras', 'Terroir', 'Apéritif', 'Thés Et Chocolats'],
      pasta: ['Spaghetti', 'Penne', 'Fusilli', 'Tagliatelles', 'Coquillettes'],
      biscuit: ['Sablés Bretons', 'Galettes Pur Beurre', 'Cookies', 'Macarons', 'Speculoos'],
      syrup: ['De Grenadine', 'De Menthe', "D'érable", 'De Citron'],
    },
    sentences: [
      'Ingrédients : {spice}, sucre, arômes naturels. Conserver dans un endroit sec.', 'Épicerie fine, produit artisanal fabriqué en France.', 'Poids net : {#100-1000} g. À consommer de préférence avant la date indiquée.',
      'Café torréfié artisanalement, arômes intenses.', 'Idéal pour le petit-déjeuner ou le goûter.',
    ],
  },
  {
    code: 2060,
    titles: [
      'Lampe {lamp} {decostyle} {color}', 'Guirlande Lumineuse LED {#2-20}m {lights}', 'Miroir {mirror} {#40-120} Cm', 'Horloge Murale {decostyle} {#30-60} Cm', 'Cadre Photo {frame}',
      'Vase {vase} {color}', 'Stickers Muraux {sticker}', 'Bougie Parfumée {scent}', 'Suspension Luminaire {decostyle} {lampmat}', 'Tableau Toile {canvas} {#30-120}x{#30-80}',
      'Fleurs Artificielles {flower}', 'Décoration De Noël {xmas}', 'LED Strip Light RGB {#2-10}m',
    ],
    slots: {
      lamp: ['De Chevet', 'À Poser', 'Sur Pied', 'De Bureau', 'Tactile', 'Champignon'],
      decostyle: ['Scandinave', 'Industrielle', 'Vintage', 'Bohème', 'Design', 'Moderne'],
      lights: ['Blanc Chaud', 'Multicolore', 'Solaire', 'À Piles', 'Boules Coton'],
      mirror: ['Rond', 'Soleil', 'Mural Doré', 'Sur Pied', 'Rotin'],
      frame: ['Multivues', '10x15', '20x30', 'Bois', 'Pêle-Mêle'],
      vase: ['En Verre', 'Céramique', 'Boule', 'Soliflore'],
      sticker: ['Arbre', 'Citation', 'Chambre Enfant', 'Papillons'],
      scent: ['Vanille', 'Figue', 'Bois De Santal', 'Lavande', 'Fleur De Coton'],
      lampmat: ['Métal Noir', 'Rotin', 'Verre', 'Bambou', 'Tissu'],
      canvas: ['Abstrait', 'Paysage', 'New York', 'Bouddha', 'Noir Et Blanc'],
      flower: ['Pivoines', 'Eucalyptus', 'Roses', 'Orchidée En Pot', 'Pampa'],
      xmas: ['Boules Sapin', 'Étoile Lumineuse', 'Village', 'Couronne', 'Père Noël'],
    },
    sentences: [
      'Objet de décoration pour sublimer votre intérieur.', 'Luminaire compatible ampoule E27, {#4-60} W max (non fournie).', 'Éclairage LED basse consommation, {#10-500} LED.',
      'Décoration murale, fixation facile.', 'Home decor, perfect for living room and bedroom.',
    ],
  },
  {
    code: 2220,
    titles: [
      'Collier Pour Chien {collar} {color}', 'Harnais {pet} {harness} Taille {petsize}', 'Arbre À Chat {#80-250} Cm {color}', 'Litière Pour Chat {litter} {#5-20}L',
      'Croquettes {pet} {food} {#2-15}kg', 'Gamelle {pet} {bowl}', 'Jouet Pour Chien {dogtoy}', 'Aquarium {#20-200}L {aquakit}', 'Cage Oiseau {cage}', 'Griffoir Chat {scratch}',
      'Panier Pour {pet} {bed}', 'Laisse {leash} Pour Chien', 'Pet Dog Bed Washable {petsize}',
    ],
    slots: {
      pet: ['Chien', 'Chat', 'Chiot', 'Chaton', 'Lapin'],
      collar: ['Cuir', 'Réglable', 'Anti-Puces', 'Lumineux LED', 'Nylon'],
      harness: ['Anti-Traction', 'Réfléchissant', 'Rembourré', 'Sport'],
      petsize: ['XS', 'S', 'M', 'L', 'XL'],
      litter: ['Agglomérante', 'Végétale', 'Silice', 'Bois'],
      food: ['Adulte Poulet', 'Sans Céréales', 'Stérilisé', 'Junior', 'Saumon'],
      bowl: ['Inox Antidérapante', 'Double', 'Anti-Glouton', 'Fontaine À Eau'],
      dogtoy: ['Corde', 'Balle', 'Kong', 'Os En Caoutchouc', 'Peluche Couinante'],
      aquakit: ['Kit Complet', 'Avec Filtre Et Éclairage', 'Nano', 'Tropical'],
      cage: ['Perruche', 'Canari', 'Grande Volière'],
      scratch: ['Sisal', 'Carton', 'Poteau', 'Mural'],
      bed: ['Coussin', 'Corbeille', 'Lavable', 'Orthopédique'],
      leash: ['Enrouleur', 'Nylon', 'Cuir', 'Extensible 5m'],
    },
    sentences: [
      'Accessoire pour animaux de compagnie, confortable et résistant.', 'Convient aux chiens de petite et moyenne taille.', 'Animalerie : produit testé pour le bien-être de votre {pet}.',
      'Facile à nettoyer, matériaux non toxiques.', 'Für Hunde und Katzen geeignet.',
    ],
  },
  {
    code: 2582,
    titles: [
      'Salon De Jardin {gardenmat} {#4-8} Places', 'Parasol {parasol} {#2-4}m {color}', 'Transat {lounger}', 'Hamac {hammock}', 'Tonnelle {gazebo} {#3-6}x{#3-4}m',
      'Bac À Fleurs {planter}', 'Barbecue {bbq}', 'Abri De Jardin {shed} {#2-12} M2', 'Chaise Longue {gardenmat} {color}', 'Lanterne Solaire {solar}', 'Table De Jardin {gardenmat} {#4-10} Personnes',
      'Balancelle De Jardin {#2-3} Places', 'Fontaine De Jardin {fountain}',
    ],
    slots: {
      gardenmat: ['Résine Tressée', 'Aluminium', 'Teck', 'Acacia', 'Métal', 'Bois'],
      parasol: ['Déporté', 'Inclinable', 'Droit', 'Rectangulaire'],
      lounger: ['Pliant', 'Bain De Soleil', 'Zéro Gravité', 'Avec Pare-Soleil'],
      hammock: ['Sur Pied', 'Brésilien', 'Chaise', 'Double'],
      gazebo: ['Pliante', 'Aluminium', 'Pergola Bioclimatique', 'Avec Rideaux'],
      planter: ['Rectangulaire', 'Sur Pieds', 'Bois', 'Carré Potager'],
      bbq: ['Charbon', 'Gaz', 'Électrique', 'Plancha', 'Kamado'],
      shed: ['Métal', 'Bois', 'Résine'],
      solar: ['LED', 'À Suspendre', 'Marocaine', 'De Chemin'],
      fountain: ['Solaire', 'En Pierre', 'À Cascade'],
    },
    sentences: [
      'Mobilier de jardin résistant aux intempéries et aux UV.', 'Salon de jardin comprenant une table et {#2-8} fauteuils avec coussins.', 'Idéal pour la terrasse, le balcon ou le jardin.',
      'Toile en polyester {#160-300} g/m2, mât en aluminium.', 'Décoration extérieure, fonctionne à énergie solaire.',
    ],
  },
  {
    code: 2583,
    titles: [
      'Piscine {pooltype} {poolbrand} {poolsize}', 'Piscine Hors Sol {pooltype} {poolsize}', 'Pompe De Filtration {filter} {#2-10} M3/H', 'Spa Gonflable {poolbrand} {#2-6} Places',
      'Bâche {cover} Pour Piscine {poolsize}', 'Robot De Piscine {robot}', 'Chlore {chlore} {#1-5}kg', 'Échelle Piscine {#2-5} Marches', 'Liner Piscine {poolsize} {linercolor}',
      'Cartouche Filtre Piscine {poolbrand} Type {filtertype}', 'Skimmer {skimmer}', 'Kit Entretien Piscine {kit}', 'Douche Solaire Piscine {#20-40}L',
    ],
    slots: {
      pooltype: ['Tubulaire', 'Autoportante', 'Gonflable', 'Bois', 'Acier', 'Ovale', 'Ronde', 'Rectangulaire'],
      poolbrand: ['Intex', 'Bestway', 'Gre', 'Zodiac', 'Lay-Z-Spa', 'Ubbink'],
      poolsize: ['3m', '3,05 x 0,76 m', '4,57 x 1,22 m', '366x76', '5,49 x 2,74 m', '244x66', 'Ø 3,66m', '6x3m'],
      filter: ['À Sable', 'À Cartouche', 'Intex', 'Bestway'],
      cover: ["D'hiver", 'À Bulles', 'Solaire', 'De Protection'],
      robot: ['Électrique', 'Zodiac', 'Dolphin', 'Aspirateur Fond'],
      chlore: ['Galets', 'Lent 200g', 'Multi-Actions', 'Choc'],
      linercolor: ['Bleu', 'Sable', 'Gris Anthracite', 'Mosaïque'],
      filtertype: ['A', 'B', 'H', 'VI'],
      skimmer: ['Flottant', 'Hors-Sol', 'Grand Buse'],
      kit: ['Épuisette', 'Balai', 'Thermomètre', 'Testeur Ph'],
    },
    sentences: [
      'Piscine hors sol facile à monter, structure en acier galvanisé, liner en PVC.', 'Traitement de l\'eau de piscine et spa.', 'Capacité : {#2000-25000} litres.',
      'Pompe de filtration incluse, débit {#2-10} m3/h.', 'Spa gonflable avec {#80-140} jets massants, chauffage jusqu\'à 40°C.',
    ],
  },
  {
    code: 2585,
    titles: [
      'Perceuse Visseuse {power} {#12-36}V {toolbrand}', 'Scie {saw} {toolbrand} {#600-2000}W', 'Tondeuse {mower} {#30-55} Cm', 'Taille-Haie {power} {#45-70} Cm',
      'Coffret De Douilles {#20-200} Pièces', "Tuyau D'arrosage {#15-50}m {hose}", 'Nettoyeur Haute Pression {toolbrand} {#110-180} Bars', 'Meuleuse {toolbrand} {#115-230} Mm',
      'Niveau Laser {laser}', 'Escabeau {#3-8} Marches {ladder}', 'Jeu De Tournevis {#6-40} Pièces', 'Ponceuse {sander} {toolbrand}', 'Akku Bohrschrauber {#12-18}V',
    ],
    slots: {
      power: ['Sans Fil', 'Électrique', 'À Percussion', 'Sans Fil Lithium', 'Filaire'],
      toolbrand: ['Bosch', 'Makita', 'DeWalt', 'Ryobi', 'Black+Decker', 'Kärcher', 'Einhell', 'Stanley', 'Metabo', 'Parkside'],
      saw: ['Circulaire', 'Sauteuse', 'Sabre', 'À Onglet', 'Plongeante'],
      mower: ['Thermique', 'Électrique', 'Sans Fil', 'Robot', 'Tractée'],
      hose: ['Extensible', 'Anti-Torsion', 'Avec Pistolet', 'Sur Dévidoir'],
      laser: ['Croix', 'Rotatif', '360°', 'Auto-Nivelant'],
      ladder: ['Aluminium', 'Pliant', 'Télescopique', 'Acier'],
      sander: ['Orbitale', 'Excentrique', 'À Bande', 'Delta'],
    },
    sentences: [
      'Outil livré avec {#1-2} batteries {#2-5} Ah, chargeur et coffret de transport.', 'Bricolage : puissance de {#400-2200} W, vitesse variable.', 'Outillage professionnel robuste et précis.',
      'Garantie {#2-3} ans. Poignée ergonomique antidérapante.', 'Idéal pour les travaux de jardinage et de bricolage.',
    ],
  },
];

export const HOME_VOCABULARY: readonly DemoClassVocabulary[] = [...CHILD, ...HOUSE];
