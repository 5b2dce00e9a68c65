import { XmlRejected } from "./parse";

/**
 * Decodes a request body as UTF-8 the way WCF's text encoder reads it: strictly. A byte sequence that is not UTF-8
 * (a stray continuation byte, a truncated or overlong sequence, an encoded surrogate, a value above U+10FFFF) is
 * refused with its offset, never replaced by U+FFFD and stored. A leading byte order mark is allowed and dropped.
 */
export function decodeUtf8Strictly(bytes: Uint8Array): string {
  const bad = firstInvalidUtf8(bytes);
  if (bad !== undefined) {
    throw new XmlRejected(`Invalid UTF-8: byte 0x${bytes[bad].toString(16).toUpperCase().padStart(2, "0")} at offset ${bad} is not valid at this location.`, "encoding");
  }
  return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
}

/** Offset of the first byte that is not part of a well-formed UTF-8 sequence (RFC 3629 §4), if any. */
export function firstInvalidUtf8(b: Uint8Array): number | undefined {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    // Lead byte: length and the range its first continuation byte must fall in (no overlongs, no surrogates).
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= n; k++) {
      const x = b[i + k];
      if (x === undefined) return i;
      if (k === 1 ? x < lo || x > hi : x < 0x80 || x > 0xbf) return i + k;
    }
    i += n + 1;
  }
  return undefined;
}
