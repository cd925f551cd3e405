// Product photos for tests, drawn with sharp (plain colours), never real data.

import sharp from 'sharp';

export async function pngImage(width = 48, height = 48, colour = { r: 30, g: 120, b: 220 }): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } }).png().toBuffer();
}

export async function jpegImage(width = 48, height = 48, colour = { r: 200, g: 60, b: 40 }): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } }).jpeg().toBuffer();
}
