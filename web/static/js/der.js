/**
 * Just enough DER (X.690) to find out what a PEM public key or certificate holds: which key type
 * and curve an SPKI names, and where a certificate keeps its SPKI. WebCrypto imports the SPKI
 * itself; this only lets the debugger check that the key fits the token's "alg" first, and
 * refuse to use a public key as an HMAC secret.
 * @module der
 */

/**
 * @typedef {object} Tlv
 * @property {number} tag    the identifier octet (single-byte tags only, which is all X.509 uses here)
 * @property {number} start  offset of the element's first byte
 * @property {number} body   offset of the contents
 * @property {number} end    offset just past the contents
 */

/**
 * Reads the element at `offset`.
 * @param {Uint8Array} bytes
 * @param {number} offset
 * @param {number} [limit]  the end of the enclosing element
 * @returns {Tlv}
 * @throws {Error} on truncated or unsupported encodings
 */
export function readTlv(bytes, offset, limit = bytes.length) {
  if (offset + 2 > limit) throw new Error('truncated DER');
  const tag = bytes[offset];
  if ((tag & 0x1f) === 0x1f) throw new Error('unsupported DER tag');
  let length = bytes[offset + 1];
  let body = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || body + count > limit) throw new Error('bad DER length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[body + i];
    body += count;
  }
  const end = body + length;
  if (end > limit) throw new Error('truncated DER');
  return { tag, start: offset, body, end };
}

/**
 * The elements directly inside a constructed element.
 * @param {Uint8Array} bytes
 * @param {Tlv} parent
 * @returns {Tlv[]}
 */
export function children(bytes, parent) {
  /** @type {Tlv[]} */
  const out = [];
  let at = parent.body;
  while (at < parent.end) {
    const tlv = readTlv(bytes, at, parent.end);
    out.push(tlv);
    at = tlv.end;
  }
  return out;
}

/**
 * Dotted form of an OBJECT IDENTIFIER's contents.
 * @param {Uint8Array} bytes
 * @param {Tlv} tlv
 * @returns {string}
 */
export function oidString(bytes, tlv) {
  const parts = [];
  let value = 0;
  for (let i = tlv.body; i < tlv.end; i++) {
    value = value * 128 + (bytes[i] & 0x7f);
    if ((bytes[i] & 0x80) === 0) {
      if (parts.length === 0) {
        const first = value < 80 ? Math.floor(value / 40) : 2;
        parts.push(first, value - first * 40);
      } else {
        parts.push(value);
      }
      value = 0;
    }
  }
  return parts.join('.');
}

const SEQUENCE = 0x30;
const OID = 0x06;

const KEY_TYPES = /** @type {Record<string, string>} */ ({
  '1.2.840.113549.1.1.1': 'RSA',
  '1.2.840.113549.1.1.10': 'RSA-PSS',
  '1.2.840.10045.2.1': 'EC',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
  '1.3.101.110': 'X25519',
  '1.3.101.111': 'X448',
});

const CURVES = /** @type {Record<string, string>} */ ({
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
  '1.3.132.0.10': 'secp256k1',
});

/**
 * @typedef {object} SpkiFacts
 * @property {'RSA'|'EC'|'OKP'|'unknown'} kty  JWK spelling of the key type
 * @property {string} [crv]        JWK curve name for EC and OKP keys
 * @property {boolean} [pss]       an RSA key restricted to PSS (id-RSASSA-PSS)
 * @property {string} oid          the algorithm OID, for messages about unknown keys
 */

/**
 * What a SubjectPublicKeyInfo holds.
 * @param {Uint8Array} der  a complete SPKI
 * @returns {SpkiFacts}
 * @throws {Error} when it is not an SPKI
 */
export function spkiFacts(der) {
  const top = readTlv(der, 0);
  if (top.tag !== SEQUENCE || top.end !== der.length) throw new Error('not a DER SEQUENCE');
  const [algId] = children(der, top);
  if (!algId || algId.tag !== SEQUENCE) throw new Error('no AlgorithmIdentifier');
  const [oid, params] = children(der, algId);
  if (!oid || oid.tag !== OID) throw new Error('no algorithm OID');
  const dotted = oidString(der, oid);
  const type = KEY_TYPES[dotted];
  if (type === 'RSA') return { kty: 'RSA', oid: dotted };
  if (type === 'RSA-PSS') return { kty: 'RSA', pss: true, oid: dotted };
  if (type === 'EC') {
    const crv = params && params.tag === OID ? CURVES[oidString(der, params)] ?? `OID ${oidString(der, params)}` : 'unknown curve';
    return { kty: 'EC', crv, oid: dotted };
  }
  if (type) return { kty: 'OKP', crv: type, oid: dotted };
  return { kty: 'unknown', oid: dotted };
}

/**
 * The SubjectPublicKeyInfo of an X.509 certificate, as its own DER bytes.
 * @param {Uint8Array} der  a complete Certificate
 * @returns {Uint8Array}
 * @throws {Error} when the structure is not a certificate
 */
export function certificateSpki(der) {
  const cert = readTlv(der, 0);
  if (cert.tag !== SEQUENCE) throw new Error('not a certificate');
  const [tbs] = children(der, cert);
  if (!tbs || tbs.tag !== SEQUENCE) throw new Error('no TBSCertificate');
  const fields = children(der, tbs);
  // version is an optional explicit [0]; then serial, signature, issuer, validity, subject, SPKI.
  const skip = fields[0] && fields[0].tag === 0xa0 ? 1 : 0;
  const spki = fields[skip + 5];
  if (!spki || spki.tag !== SEQUENCE) throw new Error('no SubjectPublicKeyInfo');
  return der.slice(spki.start, spki.end);
}

/**
 * Wraps a PKCS#1 RSAPublicKey ("BEGIN RSA PUBLIC KEY") in an SPKI, which is what WebCrypto
 * imports.
 * @param {Uint8Array} pkcs1
 * @returns {Uint8Array}
 */
export function rsaPkcs1ToSpki(pkcs1) {
  // AlgorithmIdentifier { rsaEncryption, NULL }
  const algId = Uint8Array.of(0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00);
  const bitString = concat(Uint8Array.of(0x03), encodeLength(pkcs1.length + 1), Uint8Array.of(0), pkcs1);
  const body = concat(algId, bitString);
  return concat(Uint8Array.of(0x30), encodeLength(body.length), body);
}

/**
 * @param {number} n
 * @returns {Uint8Array}
 */
function encodeLength(n) {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/**
 * @param {...Uint8Array} parts
 * @returns {Uint8Array}
 */
function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
