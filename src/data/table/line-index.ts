// Line numbers of byte offsets in a buffer of text, for messages that point at a line.

/** The byte offsets of every line feed in a buffer, so any offset maps to its 1-based line. */
export class LineIndex {
  private readonly breaks: number[] = [];
  private cursor = 0;

  constructor(bytes: Uint8Array) {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = buffer.indexOf(10); i !== -1; i = buffer.indexOf(10, i + 1)) this.breaks.push(i);
  }

  /**
   * The 1-based line of the byte at `offset` (a line feed belongs to the line it ends). Calls with
   * non-decreasing offsets cost O(1) amortised, others a binary search.
   */
  lineAt(offset: number): number {
    const breaks = this.breaks;
    if (this.cursor > 0 && breaks[this.cursor - 1] >= offset) {
      let lo = 0;
      let hi = this.cursor - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (breaks[mid] < offset) lo = mid + 1;
        else hi = mid;
      }
      this.cursor = lo;
    }
    while (this.cursor < breaks.length && breaks[this.cursor] < offset) this.cursor++;
    return this.cursor + 1;
  }
}
