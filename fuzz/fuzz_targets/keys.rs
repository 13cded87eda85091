//! Key parsing: PEM (every label, with and without an expected algorithm), JWK, and the
//! raw DER / public-byte forms. The first byte picks the algorithm hint.
#![no_main]

use canonsig::sign::{Algorithm, Key};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let hint = match usize::from(selector) % (Algorithm::ALL.len() + 1) {
        0 => None,
        i => Some(Algorithm::ALL[i - 1]),
    };
    let text = String::from_utf8_lossy(rest);
    for key in [Key::from_pem(&text, hint), Key::from_jwk(&text, hint)]
        .into_iter()
        .flatten()
    {
        // A key that loads is usable: it exports its public half and signs or verifies.
        let _ = key.public_jwk();
        let _ = key.thumbprint();
        if key.can_sign() {
            let sig = key.sign(b"fuzz").expect("a loaded private key signs");
            key.verify(b"fuzz", &sig).expect("and verifies its own signature");
        }
    }
    let _ = Key::from_pkcs8(hint, rest);
    let _ = Key::from_spki(hint, rest);
    if let Some(alg) = hint {
        let _ = Key::from_public_bytes(alg, rest);
    }
});
