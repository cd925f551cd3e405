import { describe, expect, it } from 'vitest';
import { cleanText } from '../../src/text/clean.js';
import { foldAccents } from '../../src/text/fold.js';
import { decodeEntities, htmlToText, stripTags } from '../../src/text/html.js';

describe('stripTags', () => {
  it('turns block tags and <br> into spaces so words do not merge', () => {
    expect(stripTags('seyès incolore</p><p>couverture')).toBe('seyès incolore  couverture');
    expect(stripTags('ligne 1<br>ligne 2<br/>ligne 3<br />fin')).toBe('ligne 1 ligne 2 ligne 3 fin');
    expect(stripTags('<ul><li>un</li><li>deux</li></ul>')).toBe('  un  deux  ');
    expect(stripTags('<div class="x" style="a:b">texte</div>')).toBe(' texte ');
  });

  it('removes inline formatting tags without separating letters', () => {
    expect(stripTags('<b>Prix</b>: <strong>10</strong> €')).toBe('Prix: 10 €');
    expect(stripTags('super<span class="hps">marché</span>')).toBe('supermarché');
  });

  it('drops comments, scripts and styles with their content', () => {
    expect(stripTags('a<!-- commentaire -->b')).toBe('a b');
    expect(stripTags('x<script>var a = "<p>";</script>y<style>p { color: red }</style>z')).toBe('x y z');
  });

  it('keeps text that only looks like markup', () => {
    expect(stripTags('a < b et c > d')).toBe('a < b et c > d');
    expect(stripTags('<5 kg')).toBe('<5 kg');
    expect(stripTags('sans balise')).toBe('sans balise');
  });
});

describe('decodeEntities', () => {
  it('decodes named, numeric and legacy references', () => {
    expect(decodeEntities('&eacute;t&eacute; &agrave; l&#39;&eacute;cole')).toBe("été à l'école");
    expect(decodeEntities('&#x2019; &#8364; &nbsp;')).toBe('’ € \u00a0');
    expect(decodeEntities('caf&eacute cr&egrave;me')).toBe('café crème');
    expect(decodeEntities('&#43;/- 20 cm &#34;Massante&#34;')).toBe('+/- 20 cm "Massante"');
  });

  it('decodes double-escaped entities', () => {
    expect(decodeEntities('&amp;eacute;t&amp;eacute;')).toBe('été');
    expect(decodeEntities('&amp;amp;#39;')).toBe("'");
  });

  it('leaves a lone ampersand alone', () => {
    expect(decodeEntities('Cœur & Âme, R&D')).toBe('Cœur & Âme, R&D');
  });
});

describe('htmlToText', () => {
  it('strips markup revealed by decoding', () => {
    expect(htmlToText('&lt;p&gt;Bonjour&lt;/p&gt;&lt;p&gt;monde&lt;/p&gt;')).toBe(' Bonjour  monde ');
    expect(htmlToText('a &lt; b')).toBe('a < b');
  });
});

describe('foldAccents', () => {
  it('removes accents and spells out letters without a decomposition', () => {
    expect(foldAccents('été à noël, façon crème brûlée, naïve')).toBe('ete a noel, facon creme brulee, naive');
    expect(foldAccents('größe straße')).toBe('grosse strasse');
    expect(foldAccents('cœur, æther, øre, łódź')).toBe('coeur, aether, ore, lodz');
    expect(foldAccents('ÉTÉ Ça')).toBe('ETE Ca');
    expect(foldAccents('e\u0301')).toBe('e');
  });

  it('keeps what has no accent', () => {
    expect(foldAccents('plain ascii 123')).toBe('plain ascii 123');
    expect(foldAccents('€ 😀 日本 한국어')).toBe('€ 😀 日本 한국어');
  });
});

describe('cleanText', () => {
  it('runs the whole chain on a Rakuten-like description', () => {
    const raw =
      'MATELAS:<br />Â· Accueil : Ferme .<br />Â· Technologie : Face été &#43; à¢me en Mousse<br />Â· Lavable à\u00a0 30Â°' +
      '</p><p>Garantie&nbsp;5&nbsp;ans';
    expect(cleanText(raw)).toBe('matelas: · accueil : ferme . · technologie : face été + âme en mousse · lavable à 30° garantie 5 ans');
  });

  it('keeps block-separated words apart', () => {
    expect(cleanText('<p>incolore</p><p>couverture</p>')).toBe('incolore couverture');
  });

  it('applies NFKC', () => {
    expect(cleanText('ﬁlm Ｆｕｌｌ ＨＤ e\u0301te\u0301 ½ m²')).toBe('film full hd été 1⁄2 m2');
  });

  it('removes invisible format characters and turns controls into spaces', () => {
    expect(cleanText('anti\u00adbactérien zero\u200bwidth \ufeffbom a\u0000b\u0085c')).toBe('antibactérien zerowidth bom a b c');
  });

  it('lower-cases and optionally folds accents', () => {
    expect(cleanText('Crème Brûlée ÉTÉ Straße')).toBe('crème brûlée été straße');
    expect(cleanText('Crème Brûlée ÉTÉ Straße', { foldAccents: true })).toBe('creme brulee ete strasse');
    expect(cleanText('Crème Brûlée', { lowercase: false })).toBe('Crème Brûlée');
  });

  it('repairs mojibake, also in entities', () => {
    expect(cleanText('lâ€™Ã©tÃ© &eacute;tait chaud')).toBe('l’été était chaud');
    expect(cleanText('Ã©tÃ©', { repairMojibake: false })).toBe('ã©tã©');
  });

  it('can skip HTML handling', () => {
    expect(cleanText('<b>a</b> &amp; b', { html: false })).toBe('<b>a</b> &amp; b');
  });

  it('collapses whitespace and trims', () => {
    expect(cleanText('  a \t\n b\u00a0\u00a0c  ')).toBe('a b c');
    expect(cleanText('')).toBe('');
    expect(cleanText('<br><br>')).toBe('');
  });
});
