// Reads the certificates out of a PKCS12 file, for truststores: Node's tls loads a PKCS12 keystore (pfx) only when
// it holds a private key, and then trusts only its extra certificates, never the leaf. A truststore made by
// `keytool` or `openssl pkcs12 -export -nokeys` holds certificates only, so its certificate bags are read here.
// Supported: plain certificate bags and bags encrypted with PBES2 (PBKDF2 + AES-CBC), what OpenSSL 3 and JDK 17+
// write by default. Legacy encryption (RC2/3DES with the PKCS12 KDF) is refused with what to do instead.
// Runs once at start-up on the main thread; synchronous crypto is fine.

import { createDecipheriv, pbkdf2Sync } from 'node:crypto';

/** A PKCS12 file this reader cannot read; `message` says why, without the file's name (the caller adds it). */
export class Pkcs12Error extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Pkcs12Error';
  }
}

interface Tlv {
  readonly tag: number;
  readonly start: number;
  readonly end: number;
}

const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
} as const;

const PRF_HASHES: Readonly<Record<string, string>> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.8': 'sha224',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};

const AES_CBC: Readonly<Record<string, string>> = {
  '2.16.840.1.101.3.4.1.2': 'aes-128-cbc',
  '2.16.840.1.101.3.4.1.22': 'aes-192-cbc',
  '2.16.840.1.101.3.4.1.42': 'aes-256-cbc',
};

/** The X.509 certificates of a PKCS12 file, as PEM text each. Throws Pkcs12Error. */
export function pkcs12Certificates(bytes: Buffer, password: string): string[] {
  const pfx = children(bytes, tlvAt(bytes, 0));
  const authSafe = pfx[1];
  if (authSafe === undefined) throw new Pkcs12Error('it is not a PKCS12 file (no authenticated safe)');
  const authContents = dataContent(bytes, authSafe);
  const certificates: string[] = [];
  for (const contentInfo of children(authContents, tlvAt(authContents, 0))) {
    const [type, content] = children(authContents, contentInfo);
    const contentType = oidOf(authContents, need(type));
    let safeContents: Buffer;
    if (contentType === OID.data) safeContents = dataContent(authContents, contentInfo);
    else if (contentType === OID.encryptedData) safeContents = decrypt(authContents, need(content), password);
    else continue; // enveloped (public-key) data holds no certificates a truststore needs
    for (const bag of children(safeContents, tlvAt(safeContents, 0))) {
      const [bagId, bagValue] = children(safeContents, bag);
      if (oidOf(safeContents, need(bagId)) !== OID.certBag) continue;
      const certBag = children(safeContents, need(children(safeContents, need(bagValue))[0]));
      if (oidOf(safeContents, need(certBag[0])) !== OID.x509Certificate) continue;
      const octets = need(children(safeContents, need(certBag[1]))[0]);
      certificates.push(toPem(safeContents.subarray(octets.start, octets.end)));
    }
  }
  return certificates;
}

function need(tlv: Tlv | undefined): Tlv {
  if (tlv === undefined) throw new Pkcs12Error('it is not a well-formed PKCS12 file (a required field is missing)');
  return tlv;
}

function tlvAt(buf: Buffer, offset: number): Tlv {
  if (offset + 2 > buf.length) throw new Pkcs12Error('it is not a well-formed PKCS12 file (truncated)');
  const tag = buf[offset] as number;
  let length = buf[offset + 1] as number;
  let start = offset + 2;
  if (length === 0x80) throw new Pkcs12Error('it uses indefinite-length BER encoding; re-export it (DER)');
  if (length > 0x80) {
    const count = length & 0x7f;
    if (count > 4 || start + count > buf.length) throw new Pkcs12Error('it is not a well-formed PKCS12 file');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (buf[start + i] as number);
    start += count;
  }
  if (start + length > buf.length) throw new Pkcs12Error('it is not a well-formed PKCS12 file (truncated)');
  return { tag, start, end: start + length };
}

function children(buf: Buffer, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let offset = parent.start; offset < parent.end; ) {
    const tlv = tlvAt(buf, offset);
    out.push(tlv);
    offset = tlv.end;
  }
  return out;
}

function oidOf(buf: Buffer, tlv: Tlv): string {
  if (tlv.tag !== 0x06) throw new Pkcs12Error('it is not a well-formed PKCS12 file (an object identifier expected)');
  const bytes = buf.subarray(tlv.start, tlv.end);
  const first = bytes[0] as number;
  const parts = [Math.floor(first / 40), first % 40];
  let value = 0;
  for (let i = 1; i < bytes.length; i++) {
    const b = bytes[i] as number;
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

/** The OCTET STRING inside a ContentInfo of type data ([0] EXPLICIT OCTET STRING), as its own buffer. */
function dataContent(buf: Buffer, contentInfo: Tlv): Buffer {
  const [, explicit] = children(buf, contentInfo);
  const octets = need(children(buf, need(explicit))[0]);
  return buf.subarray(octets.start, octets.end);
}

/** EncryptedData → the decrypted SafeContents. */
function decrypt(buf: Buffer, explicit: Tlv, password: string): Buffer {
  const encryptedData = need(children(buf, explicit)[0]);
  const [, encryptedContentInfo] = children(buf, encryptedData);
  const [, algorithm, encrypted] = children(buf, need(encryptedContentInfo));
  const [algorithmOid, params] = children(buf, need(algorithm));
  if (oidOf(buf, need(algorithmOid)) !== OID.pbes2) {
    throw new Pkcs12Error(
      'its certificates are encrypted with a legacy algorithm (RC2/3DES); re-export it with AES ' +
        '(openssl pkcs12 -export -certpbe AES-256-CBC ..., or keytool from JDK 17+), or use a PEM file',
    );
  }
  const [kdf, scheme] = children(buf, need(params));
  const [kdfOid, kdfParams] = children(buf, need(kdf));
  if (oidOf(buf, need(kdfOid)) !== OID.pbkdf2) throw new Pkcs12Error('its PBES2 key derivation is not PBKDF2');
  const [salt, iterations, ...rest] = children(buf, need(kdfParams));
  const prf = rest.find((tlv) => tlv.tag === 0x30);
  const hash = prf === undefined ? 'sha1' : PRF_HASHES[oidOf(buf, need(children(buf, prf)[0]))];
  const [schemeOid, iv] = children(buf, need(scheme));
  const cipher = AES_CBC[oidOf(buf, need(schemeOid))];
  if (hash === undefined || cipher === undefined) {
    throw new Pkcs12Error('its certificates are encrypted with an unsupported cipher; use AES-CBC or a PEM file');
  }
  const bytes = (tlv: Tlv | undefined) => buf.subarray(need(tlv).start, need(tlv).end);
  const rounds = Number.parseInt(bytes(iterations).toString('hex'), 16);
  const keyLength = Number(/\d+/.exec(cipher)?.[0]) / 8;
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), bytes(salt), rounds, keyLength, hash);
  try {
    const decipher = createDecipheriv(cipher, key, bytes(iv));
    return Buffer.concat([decipher.update(bytes(encrypted)), decipher.final()]);
  } catch {
    throw new Pkcs12Error('the password is wrong (its certificates could not be decrypted)');
  }
}

function toPem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
