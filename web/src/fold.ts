// Search text as people type it: case and accents do not tell words apart.

export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
