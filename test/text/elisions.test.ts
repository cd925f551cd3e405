import { describe, expect, it } from 'vitest';
import { splitElisions } from '../../src/text/elisions.js';

describe('splitElisions', () => {
  it("splits French elided words off the word they precede, keeping case and the apostrophe's spelling", () => {
    expect(splitElisions("Eau de toilette pour l'homme, d'été, qu'il aime", ['fr'])).toBe("Eau de toilette pour l' homme, d' été, qu' il aime");
    expect(splitElisions('L’Oréal jusqu’au soir', ['fr'])).toBe('L’ Oréal jusqu’ au soir');
  });

  it('splits Italian articulated prepositions only when Italian is followed', () => {
    expect(splitElisions("Bottiglia dell'acqua nell'armadio", ['it'])).toBe("Bottiglia dell' acqua nell' armadio");
    expect(splitElisions("Bottiglia dell'acqua", ['fr'])).toBe("Bottiglia dell'acqua");
  });

  it('leaves other apostrophes and languages without elisions alone', () => {
    expect(splitElisions("Men's shoes, rock'n'roll", ['fr', 'it'])).toBe("Men's shoes, rock'n'roll");
    expect(splitElisions("l'eau", ['en', 'de'])).toBe("l'eau");
    expect(splitElisions("l'eau", [])).toBe("l'eau");
    expect(splitElisions("4'33 l' 2", ['fr'])).toBe("4'33 l' 2");
  });
});
