//! JSON Web Keys (RFC 7517/7518/8037) in and out, and RFC 7638 thumbprints.

use ring::signature::Ed25519KeyPair;

use super::der;
use super::encoding::Encoding;
use super::secret::Secret;
use super::{Algorithm, Key};
use crate::canon::{canonicalize_value, Options, Value};
use crate::error::{Error, ErrorCode};

fn invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidKey, message)
}

fn member<'a>(jwk: &'a serde_json::Map<String, serde_json::Value>, name: &str) -> Option<&'a str> {
    jwk.get(name).and_then(serde_json::Value::as_str)
}

fn b64(jwk: &serde_json::Map<String, serde_json::Value>, name: &str) -> Result<Vec<u8>, Error> {
    let text = member(jwk, name).ok_or_else(|| invalid(format!("the JWK has no {name:?} member")))?;
    Encoding::Base64Url
        .decode(text, name)
        .map_err(|_| invalid(format!("the JWK member {name:?} is not base64url")))
}

fn b64_secret(jwk: &serde_json::Map<String, serde_json::Value>, name: &str) -> Result<Secret, Error> {
    b64(jwk, name).map(Secret::new)
}

/// Parses a JWK. `algorithm` is needed when the JWK has no `alg` (HMAC, RSA); when both
/// are present they must agree.
pub(crate) fn from_jwk(text: &str, algorithm: Option<Algorithm>) -> Result<Key, Error> {
    let parsed: serde_json::Value =
        serde_json::from_str(text).map_err(|e| invalid(format!("the JWK is not JSON: {e}")))?;
    let jwk = parsed
        .as_object()
        .ok_or_else(|| invalid("the JWK is not a JSON object"))?;
    let declared = match member(jwk, "alg") {
        Some(name) => Some(
            Algorithm::from_jose(name)
                .or_else(|| name.parse().ok())
                .ok_or_else(|| Error::new(ErrorCode::UnsupportedAlgorithm, format!("unsupported JWK alg {name:?}")))?,
        ),
        None => None,
    };
    let algorithm = match (algorithm, declared) {
        (Some(a), Some(d)) if a != d => {
            return Err(Error::new(
                ErrorCode::AlgorithmMismatch,
                format!("the JWK says alg {d}, but {a} was asked for"),
            )
            .while_loading_key())
        }
        (a, d) => a.or(d),
    };
    let kty = member(jwk, "kty").ok_or_else(|| invalid("the JWK has no \"kty\" member"))?;
    let key = match kty {
        "oct" => {
            let alg = algorithm
                .filter(|a| a.is_hmac())
                .ok_or_else(|| invalid("an \"oct\" JWK needs an HMAC algorithm (its alg member or an argument)"))?;
            Key::hmac(alg, b64_secret(jwk, "k")?.expose())?
        }
        "OKP" => {
            if member(jwk, "crv") != Some("Ed25519") {
                return Err(invalid("only the Ed25519 OKP curve is supported"));
            }
            let alg = check(algorithm, Algorithm::Ed25519)?;
            let x = b64(jwk, "x")?;
            if jwk.contains_key("d") {
                let d = b64_secret(jwk, "d")?;
                Ed25519KeyPair::from_seed_and_public_key(d.expose(), &x)
                    .map_err(|e| invalid(format!("the Ed25519 JWK is inconsistent: {e}")))?;
                let inner = Secret::new(der::tlv(der::OCTET_STRING, d.expose()));
                let pkcs8 = Secret::new(der::build_pkcs8(der::OID_ED25519, None, inner.expose()));
                Key::from_pkcs8(Some(alg), pkcs8.expose())?
            } else {
                Key::from_public_bytes(alg, &x)?
            }
        }
        "EC" => {
            let (named, size, curve) = match member(jwk, "crv") {
                Some("P-256") => (Algorithm::EcdsaP256Sha256, 32, der::OID_P256),
                Some("P-384") => (Algorithm::EcdsaP384Sha384, 48, der::OID_P384),
                other => {
                    return Err(invalid(format!(
                        "unsupported EC curve {other:?}; expected P-256 or P-384"
                    )))
                }
            };
            let alg = check(algorithm, named)?;
            let (x, y) = (b64(jwk, "x")?, b64(jwk, "y")?);
            if x.len() != size || y.len() != size {
                return Err(invalid(format!("EC coordinates must be {size} bytes each")));
            }
            let mut point = vec![4u8];
            point.extend_from_slice(&x);
            point.extend_from_slice(&y);
            if jwk.contains_key("d") {
                let d = b64_secret(jwk, "d")?;
                let mut ec = der::tlv(der::INTEGER, &[1]);
                ec.extend(der::tlv(der::OCTET_STRING, d.expose()));
                ec.extend(der::tlv(
                    0xa1,
                    &der::tlv(der::BIT_STRING, &[&[0u8][..], &point].concat()),
                ));
                let ec = Secret::new(der::tlv(der::SEQUENCE, &ec));
                let pkcs8 = Secret::new(der::build_pkcs8(der::OID_EC, Some(curve), ec.expose()));
                Key::from_pkcs8(Some(alg), pkcs8.expose())?
            } else {
                Key::from_public_bytes(alg, &point)?
            }
        }
        "RSA" => {
            let alg = algorithm
                .filter(|a| matches!(a, Algorithm::RsaPssSha512 | Algorithm::RsaV15Sha256))
                .ok_or_else(|| {
                    invalid("an RSA JWK needs its algorithm: rsa-pss-sha512 (PS512) or rsa-v1_5-sha256 (RS256)")
                })?;
            let (n, e) = (b64(jwk, "n")?, b64(jwk, "e")?);
            if jwk.contains_key("d") {
                let mut body = der::tlv(der::INTEGER, &[0]);
                for part in [&n, &e] {
                    body.extend(der::unsigned_integer(part));
                }
                for name in ["d", "p", "q", "dp", "dq", "qi"] {
                    body.extend(der::unsigned_integer(b64_secret(jwk, name)?.expose()));
                }
                let rsa = Secret::new(der::tlv(der::SEQUENCE, &body));
                let pkcs8 = Secret::new(der::build_pkcs8(der::OID_RSA, None, rsa.expose()));
                Key::from_pkcs8(Some(alg), pkcs8.expose())?
            } else {
                let mut body = der::unsigned_integer(&n);
                body.extend(der::unsigned_integer(&e));
                Key::from_public_bytes(alg, &der::tlv(der::SEQUENCE, &body))?
            }
        }
        other => return Err(invalid(format!("unsupported JWK kty {other:?}"))),
    };
    Ok(match member(jwk, "kid") {
        Some(kid) => key.with_key_id(kid),
        None => key,
    })
}

fn check(given: Option<Algorithm>, named: Algorithm) -> Result<Algorithm, Error> {
    match given {
        Some(a) if a != named => Err(Error::new(
            ErrorCode::AlgorithmMismatch,
            format!("the JWK is a {named} key, not {a}"),
        )
        .while_loading_key()),
        _ => Ok(named),
    }
}

/// The public members of a key's JWK, in RFC 7638 order.
fn public_members(key: &Key) -> Result<Vec<(&'static str, String)>, Error> {
    let public = key.public_bytes()?;
    let enc = |b: &[u8]| Encoding::Base64Url.encode(b);
    Ok(match key.algorithm() {
        Algorithm::Ed25519 => vec![("crv", "Ed25519".into()), ("kty", "OKP".into()), ("x", enc(&public))],
        Algorithm::EcdsaP256Sha256 | Algorithm::EcdsaP384Sha384 => {
            let (crv, size) = match key.algorithm() {
                Algorithm::EcdsaP256Sha256 => ("P-256", 32),
                _ => ("P-384", 48),
            };
            // The point was checked when the key was made: 04 || x || y.
            let coordinates = public.get(1..).filter(|c| c.len() == 2 * size);
            let (x, y) = coordinates.ok_or_else(|| invalid("malformed EC point"))?.split_at(size);
            vec![("crv", crv.into()), ("kty", "EC".into()), ("x", enc(x)), ("y", enc(y))]
        }
        _ => {
            let ints = der::integers(&public)?;
            vec![("e", enc(ints[1])), ("kty", "RSA".into()), ("n", enc(ints[0]))]
        }
    })
}

/// The RFC 7638 thumbprint input: required members only, sorted, no whitespace.
pub(crate) fn thumbprint_input(key: &Key) -> Result<String, Error> {
    let members = public_members(key)?;
    let body: Vec<String> = members.iter().map(|(k, v)| format!("\"{k}\":\"{v}\"")).collect();
    Ok(format!("{{{}}}", body.join(",")))
}

fn to_json(members: Vec<(String, String)>) -> Result<String, Error> {
    let value = Value::Object(members.into_iter().map(|(k, v)| (k, Value::String(v))).collect());
    let bytes = canonicalize_value(&value, &Options::default())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn with_metadata(key: &Key, mut members: Vec<(String, String)>) -> Vec<(String, String)> {
    members.push(("alg".into(), key.algorithm().jose_name().into()));
    if !key.key_id().is_empty() {
        members.push(("kid".into(), key.key_id().into()));
    }
    members
}

/// The public JWK (with `alg` and `kid`).
pub(crate) fn public_jwk(key: &Key) -> Result<String, Error> {
    let members = public_members(key)?
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    to_json(with_metadata(key, members))
}

/// The private JWK (with `alg` and `kid`). Secret output.
pub(crate) fn private_jwk(key: &Key) -> Result<String, Error> {
    let enc = |b: &[u8]| Encoding::Base64Url.encode(b);
    if let Some(secret) = key.hmac_secret() {
        let members = vec![("k".to_string(), enc(secret)), ("kty".to_string(), "oct".to_string())];
        return to_json(with_metadata(key, members));
    }
    let pkcs8 = key
        .private_pkcs8()
        .ok_or_else(|| invalid("this is a public key; there is no private key to export"))?;
    let inner = der::pkcs8_private_key(pkcs8)?;
    let mut members: Vec<(String, String)> = public_members(key)?
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    match key.algorithm() {
        Algorithm::Ed25519 => {
            let (seed, _) = der::expect(inner, der::OCTET_STRING, "Ed25519 seed")?;
            members.push(("d".into(), enc(seed)));
        }
        Algorithm::EcdsaP256Sha256 | Algorithm::EcdsaP384Sha384 => {
            let (ec, _) = der::expect(inner, der::SEQUENCE, "ECPrivateKey")?;
            let (_, rest) = der::expect(ec, der::INTEGER, "ECPrivateKey version")?;
            let (d, _) = der::expect(rest, der::OCTET_STRING, "ECPrivateKey d")?;
            members.push(("d".into(), enc(d)));
        }
        _ => {
            let ints = der::integers(inner)?;
            // version, n, e, then these six (RFC 8017 A.1.2).
            let private = ints.get(3..9).ok_or_else(|| invalid("malformed RSAPrivateKey"))?;
            for (name, value) in ["d", "p", "q", "dp", "dq", "qi"].into_iter().zip(private) {
                members.push((name.into(), enc(value)));
            }
        }
    }
    to_json(with_metadata(key, members))
}
