/**
 * Characters that must never reach a terminal from user input: C0 controls (ESC starts ANSI
 * sequences that recolour, move the cursor or retitle the window), DEL, C1 controls (U+0080 to
 * U+009F, of which U+009B is a one-character CSI), the bidirectional overrides and isolates that
 * reorder what a reader sees (U+202E "Trojan Source"), zero-width and line/paragraph separators,
 * and the byte order mark.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** Replaces every unsafe character by its `\uXXXX` escape, so that input is shown, never obeyed. */
export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * Escapes `text` and cuts it to at most `max` characters, saying how long it really was
 * (`realLength`, when `text` is a rendering of a longer value): a 1 MB value in a report helps
 * nobody and floods a CI log.
 */
export function boundedText(text: string, max: number, realLength = text.length): string {
  const safe = escapeForTerminal(text);
  if (safe.length <= max) return safe;
  return `${safe.slice(0, Math.max(0, max - 1))}… (${realLength.toLocaleString("en-US")} characters in all)`;
}
