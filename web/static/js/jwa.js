/**
 * The JWS algorithms (RFC 7518, RFC 8037) the debugger knows, with what each needs: the key
 * family, hash and curve. One table so decoding (warnings) and verification agree.
 * @module jwa
 */

/**
 * @typedef {object} AlgInfo
 * @property {string} alg
 * @property {'HMAC'|'RSA'|'EC'|'OKP'} family  which kind of key verifies it (JWK "kty" spelling,
 *   HMAC for "oct")
 * @property {string} [hash]         WebCrypto hash name
 * @property {number} [hashBytes]    digest size: the minimum HMAC secret and the PSS salt length
 * @property {string} [webcrypto]    WebCrypto algorithm name
 * @property {string} [curve]        JWK "crv" the key must have
 * @property {number} [coordBytes]   ECDSA coordinate size: a JWS signature is r||s of twice this
 * @property {string} [unsupported]  why browsers cannot verify it, when they cannot
 */

/** @type {Record<string, AlgInfo>} */
const TABLE = {};

for (const bits of [256, 384, 512]) {
  const hash = `SHA-${bits}`;
  const hashBytes = bits / 8;
  TABLE[`HS${bits}`] = { alg: `HS${bits}`, family: 'HMAC', hash, hashBytes, webcrypto: 'HMAC' };
  TABLE[`RS${bits}`] = { alg: `RS${bits}`, family: 'RSA', hash, hashBytes, webcrypto: 'RSASSA-PKCS1-v1_5' };
  TABLE[`PS${bits}`] = { alg: `PS${bits}`, family: 'RSA', hash, hashBytes, webcrypto: 'RSA-PSS' };
}
TABLE.ES256 = { alg: 'ES256', family: 'EC', hash: 'SHA-256', hashBytes: 32, webcrypto: 'ECDSA', curve: 'P-256', coordBytes: 32 };
TABLE.ES384 = { alg: 'ES384', family: 'EC', hash: 'SHA-384', hashBytes: 48, webcrypto: 'ECDSA', curve: 'P-384', coordBytes: 48 };
TABLE.ES512 = { alg: 'ES512', family: 'EC', hash: 'SHA-512', hashBytes: 64, webcrypto: 'ECDSA', curve: 'P-521', coordBytes: 66 };
TABLE.ES256K = {
  alg: 'ES256K',
  family: 'EC',
  curve: 'secp256k1',
  coordBytes: 32,
  unsupported: "ES256K (secp256k1) is not available in browsers' WebCrypto",
};
TABLE.EdDSA = { alg: 'EdDSA', family: 'OKP', webcrypto: 'Ed25519', curve: 'Ed25519' };

/**
 * Facts about a JWS "alg" value, or null for an unknown one (and for "none", which is not an
 * algorithm anyone should verify).
 * @param {unknown} alg
 * @returns {AlgInfo | null}
 */
export function algorithmInfo(alg) {
  if (typeof alg !== 'string' || !Object.prototype.hasOwnProperty.call(TABLE, alg)) return null;
  return TABLE[alg];
}

/**
 * Whether `alg` is the unsigned "none" in any capitalisation: libraries that compared case-
 * insensitively were tricked by "None" and "NONE", so all of them are flagged.
 * @param {unknown} alg
 * @returns {boolean}
 */
export function isAlgNone(alg) {
  return typeof alg === 'string' && alg.toLowerCase() === 'none';
}

/**
 * A phrase naming the key an algorithm needs, for messages ("an EC P-256 public key").
 * @param {AlgInfo} info
 * @returns {string}
 */
export function describeNeededKey(info) {
  switch (info.family) {
    case 'HMAC':
      return 'a shared secret';
    case 'RSA':
      return 'an RSA public key';
    case 'EC':
      return `an EC ${info.curve} public key`;
    default:
      return `an ${info.curve} public key`;
  }
}
