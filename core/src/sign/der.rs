//! Just enough DER to read and write PKCS#8, SPKI and PKCS#1 RSA keys.

use crate::error::{Error, ErrorCode};

pub(crate) const SEQUENCE: u8 = 0x30;
pub(crate) const INTEGER: u8 = 0x02;
pub(crate) const BIT_STRING: u8 = 0x03;
pub(crate) const OCTET_STRING: u8 = 0x04;
pub(crate) const NULL: u8 = 0x05;
pub(crate) const OID: u8 = 0x06;

pub(crate) const OID_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
pub(crate) const OID_RSA_PSS: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a];
pub(crate) const OID_EC: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
pub(crate) const OID_P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
pub(crate) const OID_P384: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];
pub(crate) const OID_ED25519: &[u8] = &[0x2b, 0x65, 0x70];

fn malformed(what: &str) -> Error {
    Error::new(ErrorCode::InvalidKey, format!("malformed DER: {what}"))
}

/// Reads one TLV; returns (tag, contents, rest).
pub(crate) fn read(input: &[u8]) -> Result<(u8, &[u8], &[u8]), Error> {
    let (&tag, rest) = input.split_first().ok_or_else(|| malformed("unexpected end"))?;
    let (&first, rest) = rest.split_first().ok_or_else(|| malformed("missing length"))?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        // Long form, as DER allows it (X.690 10.1): 1 to 4 length octets, the first not
        // zero, for a length of 128 or more. BER's other spellings (0x80 = indefinite,
        // padded or needlessly long lengths) are refused: a key must have one encoding.
        let n = usize::from(first & 0x7f);
        let octets = match rest.get(..n) {
            Some(octets @ [lead, ..]) if n <= 4 && *lead != 0 => octets,
            _ => return Err(malformed("bad length")),
        };
        let len = octets.iter().fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        if len < 0x80 {
            return Err(malformed("length not in its shortest form"));
        }
        (len, &rest[n..])
    };
    if rest.len() < len {
        return Err(malformed("length past the end"));
    }
    Ok((tag, &rest[..len], &rest[len..]))
}

/// Reads one TLV that must have `tag`.
pub(crate) fn expect<'a>(input: &'a [u8], tag: u8, what: &str) -> Result<(&'a [u8], &'a [u8]), Error> {
    let (t, contents, rest) = read(input)?;
    if t != tag {
        return Err(malformed(what));
    }
    Ok((contents, rest))
}

/// Writes one TLV.
pub(crate) fn tlv(tag: u8, contents: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = contents.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(contents);
    out
}

/// A positive INTEGER from big-endian magnitude bytes.
pub(crate) fn unsigned_integer(magnitude: &[u8]) -> Vec<u8> {
    let trimmed: &[u8] = {
        let skip = magnitude.iter().take_while(|&&b| b == 0).count();
        &magnitude[skip.min(magnitude.len().saturating_sub(1))..]
    };
    let mut contents = Vec::with_capacity(trimmed.len() + 1);
    if trimmed.first().is_none_or(|&b| b & 0x80 != 0) {
        contents.push(0);
    }
    contents.extend_from_slice(trimmed);
    tlv(INTEGER, &contents)
}

/// The magnitude of a positive INTEGER (leading zero removed).
pub(crate) fn integer_magnitude(contents: &[u8]) -> &[u8] {
    match contents {
        [0, rest @ ..] if !rest.is_empty() => rest,
        other => other,
    }
}

/// The algorithm identifier of a key: its OID and, for EC, the curve OID.
pub(crate) struct AlgorithmId<'a> {
    pub(crate) oid: &'a [u8],
    pub(crate) curve: Option<&'a [u8]>,
}

fn algorithm_id(contents: &[u8]) -> Result<AlgorithmId<'_>, Error> {
    let (oid, rest) = expect(contents, OID, "algorithm OID")?;
    let curve = match read(rest) {
        Ok((OID, curve, _)) => Some(curve),
        _ => None,
    };
    Ok(AlgorithmId { oid, curve })
}

/// Splits a SubjectPublicKeyInfo into its algorithm and key bytes.
pub(crate) fn parse_spki(der: &[u8]) -> Result<(AlgorithmId<'_>, &[u8]), Error> {
    let (spki, _) = expect(der, SEQUENCE, "SubjectPublicKeyInfo")?;
    let (alg, rest) = expect(spki, SEQUENCE, "AlgorithmIdentifier")?;
    let (bits, _) = expect(rest, BIT_STRING, "subjectPublicKey")?;
    let key = bits
        .split_first()
        .map(|(_, k)| k)
        .ok_or_else(|| malformed("empty key"))?;
    Ok((algorithm_id(alg)?, key))
}

/// The algorithm of a PKCS#8 PrivateKeyInfo.
pub(crate) fn pkcs8_algorithm(der: &[u8]) -> Result<AlgorithmId<'_>, Error> {
    let (info, _) = expect(der, SEQUENCE, "PrivateKeyInfo")?;
    let (_, rest) = expect(info, INTEGER, "version")?;
    let (alg, _) = expect(rest, SEQUENCE, "AlgorithmIdentifier")?;
    algorithm_id(alg)
}

/// The privateKey OCTET STRING of a PKCS#8 PrivateKeyInfo.
pub(crate) fn pkcs8_private_key(der: &[u8]) -> Result<&[u8], Error> {
    let (info, _) = expect(der, SEQUENCE, "PrivateKeyInfo")?;
    let (_, rest) = expect(info, INTEGER, "version")?;
    let (_, rest) = expect(rest, SEQUENCE, "AlgorithmIdentifier")?;
    let (key, _) = expect(rest, OCTET_STRING, "privateKey")?;
    Ok(key)
}

/// Builds a SubjectPublicKeyInfo.
pub(crate) fn build_spki(oid: &[u8], params: Option<&[u8]>, key: &[u8]) -> Vec<u8> {
    let mut alg = tlv(OID, oid);
    match params {
        Some(curve) => alg.extend(tlv(OID, curve)),
        None if oid == OID_RSA => alg.extend(tlv(NULL, &[])),
        None => {}
    }
    let mut bits = vec![0u8];
    bits.extend_from_slice(key);
    let mut body = tlv(SEQUENCE, &alg);
    body.extend(tlv(BIT_STRING, &bits));
    tlv(SEQUENCE, &body)
}

/// Builds a PKCS#8 PrivateKeyInfo (version 0) around a private key structure.
pub(crate) fn build_pkcs8(oid: &[u8], params: Option<&[u8]>, private_key: &[u8]) -> Vec<u8> {
    let mut alg = tlv(OID, oid);
    match params {
        Some(curve) => alg.extend(tlv(OID, curve)),
        None if oid == OID_RSA => alg.extend(tlv(NULL, &[])),
        None => {}
    }
    let mut body = tlv(INTEGER, &[0]);
    body.extend(tlv(SEQUENCE, &alg));
    body.extend(tlv(OCTET_STRING, private_key));
    tlv(SEQUENCE, &body)
}

/// Reads the INTEGERs of a SEQUENCE (an RSAPublicKey or RSAPrivateKey), magnitudes only.
pub(crate) fn integers(der: &[u8]) -> Result<Vec<&[u8]>, Error> {
    let (mut rest, _) = expect(der, SEQUENCE, "RSA key")?;
    let mut out = Vec::new();
    while !rest.is_empty() {
        let (n, r) = expect(rest, INTEGER, "RSA key integer")?;
        out.push(integer_magnitude(n));
        rest = r;
    }
    Ok(out)
}
