import { describe, expect, it } from 'vitest';
import { LanguageDetector, LanguageVotes } from '../../src/analysis/language-detector.js';
import { cleanText } from '../../src/text/clean.js';
import { wordTokens } from '../../src/text/tokenize.js';

const detector = new LanguageDetector();
const detect = (text: string) => detector.detect(wordTokens(cleanText(text)));

describe('LanguageDetector', () => {
  it('names the language of clear sentences', () => {
    expect(detect('Une piscine hors sol pour toute la famille, avec une pompe et des échelles.')).toBe('fr');
    expect(detect('This pool is perfect for the whole family and comes with a pump.')).toBe('en');
    expect(detect('Der Pool ist ideal für die ganze Familie und wird mit einer Pumpe geliefert.')).toBe('de');
    expect(detect('Un juguete para despertar todos los sentidos del bebé, con el gusto de la naturaleza.')).toBe('other');
  });

  it('says unknown when a text carries fewer than two function words', () => {
    expect(detect('Console PS4 Slim 500 Go')).toBe('unknown');
    expect(detect('')).toBe('unknown');
    expect(detect('Piscine de jardin')).toBe('unknown');
  });

  it('reads accent-folded spellings and ignores units that fill product titles', () => {
    expect(detect('Matelas tres confortable pour votre chambre et pour les enfants')).toBe('fr');
    expect(detector.mask('cm')).toBeUndefined();
    expect(detector.mask('tres')).toBe(1);
  });

  it('splits the vote of a word shared by two languages', () => {
    const votes = new LanguageVotes();
    votes.add(detector.mask('in')); // English and German: half a vote each
    votes.add(detector.mask('in'));
    votes.add(detector.mask('the'));
    expect(votes.decide()).toBe('en');
    const tie = new LanguageVotes();
    tie.add(detector.mask('in'));
    tie.add(detector.mask('in'));
    expect(tie.decide()).toBe('en'); // ties go to the first of fr, en, de, other
  });
});
