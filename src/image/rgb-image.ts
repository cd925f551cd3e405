// An 8-bit RGB image in memory: what decoding produces, augmentation transforms and normalisation consumes.

/** Pixels row-major, three bytes (R, G, B) per pixel: `data[(y * width + x) * 3 + c]`. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** A blank (black) image of the given size. */
export function blankImage(width: number, height: number): RgbImage {
  return { width, height, data: new Uint8Array(width * height * 3) };
}
