import { describe, expect, it } from 'vitest';
import { layoutWordCloud, wordCloudSvg } from '../../src/report/word-cloud.js';

const words = Array.from({ length: 40 }, (_, i) => ({ text: `mot${i}${'x'.repeat(i % 7)}`, weight: 40 - i }));

describe('layoutWordCloud', () => {
  it('places words inside the box without overlap, the heaviest largest and first', () => {
    const placed = layoutWordCloud(words, { width: 380, height: 200 });
    expect(placed.length).toBeGreaterThanOrEqual(36); // fonts shrink until nine words in ten fit
    expect(placed[0].text).toBe('mot0');
    expect(placed[0].fontSize).toBe(Math.max(...placed.map((p) => p.fontSize)));
    expect(layoutWordCloud(words.slice(0, 3), { width: 380, height: 200 })[0].fontSize).toBe(34);
    for (const p of placed) {
      expect(p.x - p.width / 2).toBeGreaterThanOrEqual(0);
      expect(p.x + p.width / 2).toBeLessThanOrEqual(380);
      expect(p.y - p.height / 2).toBeGreaterThanOrEqual(0);
      expect(p.y + p.height / 2).toBeLessThanOrEqual(200);
    }
    for (let i = 0; i < placed.length; i++) {
      for (let j = i + 1; j < placed.length; j++) {
        const [a, b] = [placed[i], placed[j]];
        const apart = Math.abs(a.x - b.x) * 2 >= a.width + b.width || Math.abs(a.y - b.y) * 2 >= a.height + b.height;
        expect(apart).toBe(true);
      }
    }
    expect(layoutWordCloud(words, { width: 380, height: 200 })).toEqual(placed);
  });

  it('escapes the words it draws and handles no words', () => {
    const svg = wordCloudSvg([{ text: '<b>&', weight: 1 }], { width: 100, height: 60, label: 'a "label"' });
    expect(svg).toContain('&lt;b&gt;&amp;');
    expect(svg).toContain('aria-label="a &quot;label&quot;"');
    expect(layoutWordCloud([], { width: 100, height: 60 })).toEqual([]);
  });
});
