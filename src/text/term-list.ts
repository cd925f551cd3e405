// A vocabulary held as one string and the end of each term in it, rather than as an array of strings.

/** What reading a vocabulary term by term needs: an array of strings and a TermList both are one. */
export interface TermSource {
  readonly length: number;
  at(index: number): string | undefined;
}

/**
 * Terms packed into one string: term i is `text.slice(ends[i - 1], ends[i])`. A served model's vocabularies
 * (227,000 terms for text-linear on the Rakuten sample) then cost the garbage collector one string instead of
 * 227,000: the server thread marked about 25 MB of them at every full collection, 10 to 20 ms of pause.
 * `at` builds the string it returns.
 */
export class TermList implements TermSource {
  private constructor(
    private readonly text: string,
    private readonly ends: Int32Array,
  ) {}

  static of(terms: readonly string[]): TermList {
    const ends = new Int32Array(terms.length);
    let end = 0;
    terms.forEach((term, i) => (ends[i] = end += term.length));
    return new TermList(terms.join(''), ends);
  }

  /** From the UTF-16 text of every term, one after another, and where each ends. */
  static fromPacked(text: string, ends: Int32Array): TermList {
    return new TermList(text, ends);
  }

  get length(): number {
    return this.ends.length;
  }

  at(index: number): string | undefined {
    if (index < 0) index += this.ends.length;
    if (index < 0 || index >= this.ends.length) return undefined;
    return this.text.slice(index === 0 ? 0 : this.ends[index - 1], this.ends[index]);
  }

  /** Every term, in order, as a new array. */
  toArray(): string[] {
    return Array.from({ length: this.ends.length }, (_, i) => this.at(i)!);
  }
}
