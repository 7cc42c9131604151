/**
 * Where a JSON text breaks, and why, in words a person acts on. `JSON.parse` says that a text is
 * not JSON, but Node 20's messages often give no position ("Unexpected token ']'") and speak of
 * tokens; this scanner finds the first character that breaks the grammar (RFC 8259), without
 * recursion, so that a text nested a million levels deep is read like any other.
 */

/** The first syntax error of a text: its offset (UTF-16 index) and what is wrong there. */
export interface JsonSyntaxError {
  readonly offset: number;
  readonly problem: string;
}

/** The line (1-based), the column (1-based, in characters) and the text of the line holding `offset`. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
  readonly lineText: string;
}

type Expecting = "value" | "value-or-end" | "key" | "key-or-end" | "colon" | "comma-or-end";

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);
const describeChar = (ch: string | undefined): string =>
  ch === undefined ? "the end of the file" : `'${JSON.stringify(ch).slice(1, -1).replace(/^\\"$/, '"')}'`;

/**
 * The first syntax error of `text`, or undefined when `text` is JSON. Names the usual slips:
 * a trailing comma, a missing comma or colon, an unquoted or single-quoted name, a comment, a
 * string left open, text after the document.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const containers: ("list" | "object")[] = [];
  let expecting: Expecting = "value";
  let afterComma = false;
  let commaOffset = 0;
  let i = 0;
  const fail = (offset: number, problem: string): JsonSyntaxError => ({ offset, problem });
  const skipWhitespace = () => {
    while (i < text.length && WHITESPACE.has(text[i]!)) i++;
  };
  while (true) {
    skipWhitespace();
    const ch = text[i];
    if (ch === "/" && (text[i + 1] === "/" || text[i + 1] === "*")) return fail(i, "a comment: JSON has no comments");
    if (containers.length === 0 && expecting === "comma-or-end") {
      return ch === undefined ? undefined : fail(i, `text after the end of the JSON document (${describeChar(ch)})`);
    }
    if (ch === undefined) {
      const open = containers[containers.length - 1];
      return fail(
        i,
        open === undefined
          ? "the file ends before any value"
          : `the file ends inside ${open === "list" ? "a list (a ']' is missing)" : "an object (a '}' is missing)"}`,
      );
    }
    const open = containers[containers.length - 1];
    switch (expecting) {
      case "value":
      case "value-or-end": {
        if (ch === "]" && expecting === "value-or-end") {
          containers.pop();
          i++;
          expecting = "comma-or-end";
          break;
        }
        if ((ch === "]" || ch === "}") && afterComma)
          return fail(commaOffset, `a trailing comma before ${describeChar(ch)}: JSON allows none`);
        const valueEnd = scanValueStart(text, i);
        if (typeof valueEnd !== "number") return valueEnd;
        if (valueEnd === -1) {
          containers.push(ch === "[" ? "list" : "object");
          i++;
          expecting = ch === "[" ? "value-or-end" : "key-or-end";
        } else {
          i = valueEnd;
          expecting = "comma-or-end";
        }
        afterComma = false;
        break;
      }
      case "key":
      case "key-or-end": {
        if (ch === "}" && expecting === "key-or-end") {
          containers.pop();
          i++;
          expecting = "comma-or-end";
          break;
        }
        if (ch === "}" && afterComma) return fail(commaOffset, "a trailing comma before '}': JSON allows none");
        if (ch === "'") return fail(i, "a field name in single quotes: JSON takes double quotes");
        if (ch !== '"') return fail(i, `expected a field name in double quotes, found ${describeChar(ch)}`);
        const end = scanString(text, i);
        if (typeof end !== "number") return end;
        i = end;
        expecting = "colon";
        afterComma = false;
        break;
      }
      case "colon":
        if (ch !== ":") return fail(i, `expected ':' after the field name, found ${describeChar(ch)}`);
        i++;
        expecting = "value";
        break;
      case "comma-or-end": {
        const close = open === "list" ? "]" : "}";
        if (ch === ",") {
          commaOffset = i;
          i++;
          expecting = open === "list" ? "value" : "key";
          afterComma = true;
        } else if (ch === close) {
          containers.pop();
          i++;
        } else {
          return fail(
            i,
            `expected ',' or '${close}' after ${open === "list" ? "a list entry" : "a field's value"}, found ${describeChar(ch)} (a comma is missing?)`,
          );
        }
        break;
      }
    }
  }
}

/**
 * Reads the value starting at `start`: the offset after a string, number or literal; -1 for the
 * opening bracket of a list or object; or the syntax error found.
 */
function scanValueStart(text: string, start: number): number | JsonSyntaxError {
  const ch = text[start]!;
  if (ch === "[" || ch === "{") return -1;
  if (ch === '"') return scanString(text, start);
  if (ch === "'") return { offset: start, problem: "a string in single quotes: JSON takes double quotes" };
  for (const literal of ["true", "false", "null"]) if (text.startsWith(literal, start)) return start + literal.length;
  const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(start, start + 400));
  if (number && number[0].length > 0 && number[0] !== "-") {
    const end = start + number[0].length;
    if (/[\w.]/.test(text[end] ?? ""))
      return { offset: end, problem: `a malformed number (${describeChar(text[end])} after ${number[0]})` };
    return end;
  }
  const word = /^[A-Za-z_$][\w$]*/.exec(text.slice(start, start + 40))?.[0];
  if (word !== undefined) {
    const known = ["true", "false", "null"].find((literal) => literal === word.toLowerCase());
    return {
      offset: start,
      problem: known
        ? `${JSON.stringify(word)}: JSON writes it ${known}, in lowercase`
        : `expected a value, found the bare word ${JSON.stringify(word)} (text needs double quotes)`,
    };
  }
  if (ch === "]" || ch === "}" || ch === ",") return { offset: start, problem: `expected a value, found ${describeChar(ch)}` };
  return { offset: start, problem: `expected a value, found ${describeChar(ch)}` };
}

/** Reads the string starting at `start` (a double quote): the offset after its closing quote, or the error in it. */
function scanString(text: string, start: number): number | JsonSyntaxError {
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') return i + 1;
    if (ch === "\\") {
      const next = text[i + 1];
      if (next !== undefined && '"\\/bfnrt'.includes(next)) i += 2;
      else if (next === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
      else return { offset: i, problem: `an escape JSON does not know (\\${next ?? ""}): write \\\\ for a backslash` };
      continue;
    }
    if (ch === "\n" || ch === "\r") return { offset: i, problem: "a string that is not closed on its line (a '\"' is missing)" };
    if (ch.charCodeAt(0) < 0x20) return { offset: i, problem: "a control character inside a string: write it as an escape such as \\t" };
    i++;
  }
  return { offset: i, problem: "a string that is never closed (a '\"' is missing)" };
}

/** The line, column and line text of an offset (lines end at \n; a \r before it is not shown). */
export function positionOf(text: string, offset: number): TextPosition {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const nextBreak = text.indexOf("\n", offset);
  const lineEnd = nextBreak === -1 ? text.length : nextBreak;
  let line = 1;
  for (let at = text.indexOf("\n"); at !== -1 && at < lineStart; at = text.indexOf("\n", at + 1)) line++;
  return { line, column: offset - lineStart + 1, lineText: text.slice(lineStart, lineEnd).replace(/\r$/, "") };
}
