import { describe, expect, it } from 'vitest';
import { cp1252Byte, repairMojibake } from '../../src/text/mojibake.js';

/** What a Windows-1252 reader shows for the UTF-8 bytes of `s` (Latin-1 for the 5 undefined bytes). */
function asCp1252(s: string): string {
  const cp1252 = new TextDecoder('windows-1252');
  return cp1252.decode(new TextEncoder().encode(s));
}

describe('repairMojibake', () => {
  it.each([
    ['Ã©tÃ©', 'été'],
    ['crÃ¨me', 'crème'],
    ['Ã  la plage', 'à  la plage'],
    ['voilÃ ', 'voilà '],
    ['voilÃ\u00a0', 'voilà'],
    ['Â· Accueil', '· Accueil'],
    ['30Â°', '30°'],
    ['lâ€™Ã©tÃ©', 'l’été'],
    ['garÃ§on', 'garçon'],
    ['cÅ“ur', 'cœur'],
    ['prix 10â‚¬', 'prix 10€'],
    ['â€œguillemetsâ€\u009d', '“guillemets”'],
    ['emoji ðŸ˜€', 'emoji 😀'],
    ['mÂ²', 'm²'],
  ])('repairs %j', (input, expected) => {
    expect(repairMojibake(input)).toBe(expected);
  });

  it('repairs what a Windows-1252 reader makes of UTF-8 (round trip)', () => {
    for (const s of ['Été à Noël, façon crème brûlée', 'Größe: M – „Spaß“', 'l’œuvre… “complète”', 'µ 50 €']) {
      expect(repairMojibake(asCp1252(s))).toBe(s);
    }
  });

  it('repairs text encoded twice', () => {
    expect(repairMojibake('ÃƒÂ©tÃƒÂ©')).toBe('été');
    expect(repairMojibake(asCp1252(asCp1252('crème brûlée')))).toBe('crème brûlée');
  });

  it('repairs the damaged variant of the Rakuten files (Ã replaced by à)', () => {
    expect(repairMojibake('peut àªtre utilisé')).toBe('peut être utilisé');
    expect(repairMojibake('grà¢ce au Traitement')).toBe('grâce au Traitement');
    expect(repairMojibake('Hàªtre')).toBe('Hêtre');
    expect(repairMojibake('grà¢ce', { aGraveLead: false })).toBe('grà¢ce');
    // "à" + no-break space, and a byte lost to "¿", are left alone.
    expect(repairMojibake('Lavable à\u00a0 30')).toBe('Lavable à\u00a0 30');
    expect(repairMojibake('Cà¿tés')).toBe('Cà¿tés');
  });

  it('turns punctuation whose bytes were lost ("â¿¿") into a space', () => {
    expect(repairMojibake('dâ¿¿hygiène')).toBe('d hygiène');
    expect(repairMojibake('dâ¿¿hygiène', { lostPunctuation: false })).not.toBe('d hygiène');
  });

  it('leaves correct text alone', () => {
    for (const s of [
      'À la carte',
      'Â',
      'ÂGE',
      'Ã',
      'CAFÉ»',
      'Spaß“',
      'groß…',
      'Fuß“ und „Spaß“',
      'Ça va, élève à l’école',
      'naïve façade, Noël, cœur',
      'Ø 30 cm',
      'ÉTÉ « CHAUD »',
      'Übergröße',
      'Ñandú',
      '',
    ]) {
      expect(repairMojibake(s)).toBe(s);
    }
  });

  it('maps Windows-1252 characters to their bytes', () => {
    expect(cp1252Byte('€'.charCodeAt(0))).toBe(0x80);
    expect(cp1252Byte('™'.charCodeAt(0))).toBe(0x99);
    expect(cp1252Byte('©'.charCodeAt(0))).toBe(0xa9);
    expect(cp1252Byte(0x81)).toBe(0x81);
    expect(cp1252Byte('a'.charCodeAt(0))).toBe(-1);
    expect(cp1252Byte('ā'.charCodeAt(0))).toBe(-1);
  });
});
