import { describe, expect, it } from 'vitest';
import { cleanText } from '../../src/text/clean.js';
import { DETECTED_LANGUAGES, LanguageDetector, LanguageVotes } from '../../src/text/language-detector.js';
import { wordTokens } from '../../src/text/tokenize.js';

const detector = new LanguageDetector();
const detect = (text: string) => detector.detect(wordTokens(cleanText(text)));

describe('LanguageDetector', () => {
  it('names the language of clear sentences', () => {
    expect(detect('Une piscine hors sol pour toute la famille, avec une pompe et des échelles.')).toBe('fr');
    expect(detect('This pool is perfect for the whole family and comes with a pump.')).toBe('en');
    expect(detect('Der Pool ist ideal für die ganze Familie und wird mit einer Pumpe geliefert.')).toBe('de');
    expect(detect('Un juguete para despertar todos los sentidos del bebé, con el gusto de la naturaleza.')).toBe('es');
  });

  it('tells the six languages apart on short product titles', () => {
    const titles: [string, (typeof DETECTED_LANGUAGES)[number]][] = [
      ['Coque de protection pour iPhone 12 avec porte-cartes', 'fr'],
      ['Housse de couette en coton pour lit double', 'fr'],
      ['Wireless mouse for laptop with USB receiver', 'en'],
      ['Set of 6 wine glasses in a gift box', 'en'],
      ['Kinderwagen mit Sonnenschutz und Regenschutz für Zwillinge', 'de'],
      ['Bettwäsche aus Baumwolle für das Doppelbett', 'de'],
      ['Funda de silicona para el móvil con soporte', 'es'],
      ['Juego de sábanas de algodón para cama de matrimonio', 'es'],
      ['Custodia in pelle per il telefono con porta carte', 'it'],
      ['Set di bicchieri da vino nella scatola regalo', 'it'],
      ['Hoes voor de telefoon met pasjeshouder van leer', 'nl'],
      ['Dekbedovertrek van katoen voor een tweepersoonsbed', 'nl'],
      ['Capa de proteção para o telemóvel com suporte não incluído', 'other'],
    ];
    for (const [title, language] of titles) expect([title, detect(title)]).toEqual([title, language]);
  });

  it('says unknown when a text carries fewer than two function words', () => {
    expect(detect('Console PS4 Slim 500 Go')).toBe('unknown');
    expect(detect('')).toBe('unknown');
    expect(detect('Piscine de jardin')).toBe('unknown');
  });

  it('reads accent-folded spellings and ignores units that fill product titles', () => {
    expect(detect('Matelas tres confortable pour votre chambre et pour les enfants')).toBe('fr');
    expect(detect('Bettwasche fur das Doppelbett')).toBe('de');
    expect(detector.mask('cm')).toBeUndefined();
    expect(detector.mask('tres')).toBe(1);
  });

  it('splits the vote of a word shared by several languages', () => {
    const votes = new LanguageVotes();
    votes.add(detector.mask('in')); // English and German: half a vote each
    votes.add(detector.mask('in'));
    votes.add(detector.mask('the'));
    expect(votes.decide()).toBe('en');
    const tie = new LanguageVotes();
    tie.add(detector.mask('in'));
    tie.add(detector.mask('in'));
    expect(tie.decide()).toBe('en'); // ties go to the first in DETECTED_LANGUAGES order
    // "de" is French, Spanish and Dutch; "het" only Dutch: a third of a vote cannot outweigh a whole one.
    const dutch = new LanguageVotes();
    dutch.add(detector.mask('de'));
    dutch.add(detector.mask('het'));
    expect(dutch.decide()).toBe('nl');
  });

  it('keeps every mask within a signed byte (the analysis caches masks in an Int8Array)', () => {
    for (const word of ['de', 'en', 'la', 'il', 'un', 'con', 'per', 'non', 'não', 'is', 'in']) {
      const mask = detector.mask(word)!;
      expect(mask).toBeGreaterThan(0);
      expect(mask).toBeLessThan(128);
    }
  });
});
