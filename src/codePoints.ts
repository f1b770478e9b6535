/**
 * Zoom counts a text's length in Unicode code points (an emoji is one character); JavaScript's
 * `.length` counts UTF-16 units (an emoji is two). Limits we share with Zoom are counted here.
 */

export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** The first `max` code points of the text: a cut never leaves half a surrogate pair. */
export function firstCodePoints(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  let count = 0;
  for (const char of text) {
    if (count === max) break;
    out += char;
    count += 1;
  }
  return out;
}
