/**
 * Strict base64url (RFC 4648 section 5) as JWS uses it: no padding, no whitespace, and the unused
 * low bits of the last character must be zero. Tessera refuses anything else, so the debugger
 * reports it instead of quietly decoding what a lenient decoder would accept.
 * @module base64url
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const TABLE = new Map([...ALPHABET].map((c, i) => [c, i]));

/** Thrown for text that is not strict base64url; `position` is the offending index or -1. */
export class Base64urlError extends Error {
  /**
   * @param {string} message
   * @param {number} position
   */
  constructor(message, position) {
    super(message);
    this.name = 'Base64urlError';
    this.position = position;
  }
}

/**
 * Decodes strict base64url.
 * @param {string} text
 * @returns {Uint8Array}
 * @throws {Base64urlError}
 */
export function decodeBase64url(text) {
  if (text.length % 4 === 1) {
    throw new Base64urlError('has an impossible length for base64url (one character too many or too few)', -1);
  }
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const v = TABLE.get(c);
    if (v === undefined) {
      throw new Base64urlError(`has a character that is not base64url (${describeChar(c)}) at position ${i + 1}`, i);
    }
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 0xff;
      value &= (1 << bits) - 1;
    }
  }
  if (value !== 0) {
    throw new Base64urlError('is not canonical base64url (the unused bits of its last character are not zero)', text.length - 1);
  }
  return out;
}

/**
 * Encodes bytes as base64url without padding.
 * @param {Uint8Array} bytes
 * @returns {string}
 */
export function encodeBase64url(bytes) {
  let out = '';
  let i = 0;
  for (; i + 3 <= bytes.length; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += ALPHABET[(v >> 18) & 63] + ALPHABET[(v >> 12) & 63] + ALPHABET[(v >> 6) & 63] + ALPHABET[v & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const v = bytes[i] << 16;
    out += ALPHABET[(v >> 18) & 63] + ALPHABET[(v >> 12) & 63];
  } else if (rest === 2) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += ALPHABET[(v >> 18) & 63] + ALPHABET[(v >> 12) & 63] + ALPHABET[(v >> 6) & 63];
  }
  return out;
}

/**
 * Lenient decoding for secrets a person pastes: accepts base64url or standard base64, with or
 * without padding and whitespace. Only used for HMAC secrets, never for token segments.
 * @param {string} text
 * @returns {Uint8Array}
 * @throws {Base64urlError}
 */
export function decodeBase64Lenient(text) {
  const cleaned = text.replace(/\s+/g, '').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  const out = new Uint8Array(Math.floor((cleaned.length * 3) / 4));
  if (cleaned.length % 4 === 1) {
    throw new Base64urlError('has an impossible length for base64', -1);
  }
  let bits = 0;
  let value = 0;
  let o = 0;
  for (let i = 0; i < cleaned.length; i++) {
    const v = TABLE.get(cleaned[i]);
    if (v === undefined) {
      throw new Base64urlError(`has a character that is not base64 (${describeChar(cleaned[i])})`, i);
    }
    value = ((value << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 0xff;
    }
  }
  return out;
}

/**
 * Names a character for an error message; base64's "+", "/" and "=" get a hint because they are
 * the usual mistake (standard base64 instead of base64url).
 * @param {string} c
 * @returns {string}
 */
function describeChar(c) {
  if (c === '+' || c === '/') return `"${c}" belongs to standard base64; base64url uses "-" and "_"`;
  if (c === '=') return '"=" padding, which JWS leaves out';
  if (/\s/.test(c)) return 'whitespace';
  const code = c.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f) return `control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `"${c}"`;
}
