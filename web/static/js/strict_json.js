/**
 * A JSON parser that gives the same values as JSON.parse but also reports duplicate member
 * names at any depth. JSON.parse silently keeps the last of two members with the same name;
 * tessera refuses such a token, and two parsers disagreeing about which "alg" or "sub" counts
 * is exactly how signature-confusion bugs start, so the debugger must see them.
 *
 * Grammar is RFC 8259 as ECMAScript's JSON.parse reads it: whitespace is only space, tab, LF
 * and CR; strings may hold lone surrogate escapes; numbers become Number(text) (so 1e400 is
 * Infinity, as with JSON.parse). Member names are compared after unescaping, so "a" and
 * "\u0061" are duplicates.
 * @module strict_json
 */

/**
 * @typedef {object} Duplicate
 * @property {string} path  where the object with the repeated name is, like `$.a[0]`
 * @property {string} name  the repeated member name
 */

/**
 * @typedef {object} StrictResult
 * @property {unknown} value            what JSON.parse would return
 * @property {Duplicate[]} duplicates   every repetition, in document order
 */

/** A syntax error with the offset where parsing stopped. */
export class StrictJsonError extends SyntaxError {
  /**
   * @param {string} message
   * @param {number} position
   */
  constructor(message, position) {
    super(`${message} at position ${position}`);
    this.name = 'StrictJsonError';
    this.position = position;
  }
}

const ESCAPES = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Parses `text` like JSON.parse (without a reviver) and lists duplicate member names.
 * @param {string} text
 * @param {{maxDepth?: number}} [options]  nesting limit for arrays and objects; deeper input
 *   throws (a recursion guard, and tessera itself refuses more than 64 levels)
 * @returns {StrictResult}
 * @throws {StrictJsonError}
 */
export function parseStrictJson(text, options = {}) {
  const maxDepth = options.maxDepth ?? 1000;
  /** @type {Duplicate[]} */
  const duplicates = [];
  let pos = 0;

  const fail = (/** @type {string} */ message) => {
    throw new StrictJsonError(message, pos);
  };

  const skipWhitespace = () => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) pos++;
      else return;
    }
  };

  const describeHere = () => {
    if (pos >= text.length) return 'Unexpected end of JSON';
    const c = String.fromCodePoint(/** @type {number} */ (text.codePointAt(pos)));
    // Invisible characters (a byte-order mark, no-break space, controls) are named by code point.
    if (/^[\p{L}\p{N}\p{P}\p{S}]$/u.test(c)) return `Unexpected character ${JSON.stringify(c)}`;
    return `Unexpected character U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  };

  const parseString = () => {
    pos++; // opening quote
    let out = '';
    let start = pos;
    for (;;) {
      if (pos >= text.length) fail('Unterminated string');
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        out += text.slice(start, pos);
        pos++;
        return out;
      }
      if (c < 0x20) fail('Control character in string');
      if (c === 0x5c) {
        out += text.slice(start, pos);
        const e = text[pos + 1];
        if (e === 'u') {
          const hex = text.slice(pos + 2, pos + 6);
          if (!/^[0-9A-Fa-f]{4}$/.test(hex)) {
            pos += 2;
            fail('Bad Unicode escape');
          }
          out += String.fromCharCode(parseInt(hex, 16));
          pos += 6;
        } else if (e !== undefined && Object.prototype.hasOwnProperty.call(ESCAPES, e)) {
          out += ESCAPES[/** @type {keyof typeof ESCAPES} */ (e)];
          pos += 2;
        } else {
          pos++;
          fail('Bad escaped character');
        }
        start = pos;
      } else {
        pos++;
      }
    }
  };

  const parseNumber = () => {
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    if (!m || m[0] === '-' || m[0].length === 0) fail(describeHere());
    const literal = /** @type {RegExpExecArray} */ (m)[0];
    // JSON.parse refuses "01" and "1." whereas the regex stops early; the caller then sees the
    // leftover digit or dot as an unexpected character, matching JSON.parse's refusal.
    pos += literal.length;
    return Number(literal);
  };

  const parseLiteral = (/** @type {string} */ word, /** @type {unknown} */ value) => {
    if (text.startsWith(word, pos)) {
      pos += word.length;
      return value;
    }
    return fail(describeHere());
  };

  const memberPath = (/** @type {string} */ path, /** @type {string} */ name) =>
    IDENTIFIER.test(name) ? `${path}.${name}` : `${path}[${JSON.stringify(name)}]`;

  /**
   * @param {string} path
   * @param {number} depth
   * @returns {unknown}
   */
  const parseValue = (path, depth) => {
    skipWhitespace();
    const c = text[pos];
    switch (c) {
      case '{':
        return parseObject(path, depth + 1);
      case '[':
        return parseArray(path, depth + 1);
      case '"':
        return parseString();
      case 't':
        return parseLiteral('true', true);
      case 'f':
        return parseLiteral('false', false);
      case 'n':
        return parseLiteral('null', null);
      default:
        if (c === '-' || (c >= '0' && c <= '9')) return parseNumber();
        return fail(describeHere());
    }
  };

  /**
   * @param {string} path
   * @param {number} depth
   */
  const parseObject = (path, depth) => {
    if (depth > maxDepth) fail(`Nested more than ${maxDepth} levels deep`);
    pos++;
    /** @type {Record<string, unknown>} */
    const obj = {};
    const seen = new Set();
    skipWhitespace();
    if (text[pos] === '}') {
      pos++;
      return obj;
    }
    for (;;) {
      skipWhitespace();
      if (text[pos] !== '"') fail(pos >= text.length ? 'Unexpected end of JSON' : 'Expected a member name in double quotes');
      const name = parseString();
      skipWhitespace();
      if (text[pos] !== ':') fail(pos >= text.length ? 'Unexpected end of JSON' : 'Expected ":" after a member name');
      pos++;
      const value = parseValue(memberPath(path, name), depth);
      if (seen.has(name)) duplicates.push({ path, name });
      seen.add(name);
      // defineProperty, not assignment: JSON.parse makes "__proto__" an ordinary own member, and
      // redefining an existing name keeps its first position, as JSON.parse's ordering does.
      Object.defineProperty(obj, name, { value, writable: true, enumerable: true, configurable: true });
      skipWhitespace();
      if (text[pos] === ',') {
        pos++;
      } else if (text[pos] === '}') {
        pos++;
        return obj;
      } else {
        fail(pos >= text.length ? 'Unexpected end of JSON' : 'Expected "," or "}" after a member');
      }
    }
  };

  /**
   * @param {string} path
   * @param {number} depth
   */
  const parseArray = (path, depth) => {
    if (depth > maxDepth) fail(`Nested more than ${maxDepth} levels deep`);
    pos++;
    /** @type {unknown[]} */
    const arr = [];
    skipWhitespace();
    if (text[pos] === ']') {
      pos++;
      return arr;
    }
    for (;;) {
      arr.push(parseValue(`${path}[${arr.length}]`, depth));
      skipWhitespace();
      if (text[pos] === ',') {
        pos++;
      } else if (text[pos] === ']') {
        pos++;
        return arr;
      } else {
        fail(pos >= text.length ? 'Unexpected end of JSON' : 'Expected "," or "]" after an element');
      }
    }
  };

  const value = parseValue('$', 0);
  skipWhitespace();
  if (pos < text.length) fail('Unexpected text after the JSON value');
  return { value, duplicates };
}
