//! Deterministic RSA keys.
//!
//! Each key is generated from a seed derived from its name, so the samples can be
//! rebuilt bit for bit. Keygen is slow in debug builds, so the keys are also cached
//! as PKCS#8 PEM files under `tools/samplegen/keys/`; a missing file is simply
//! regenerated from the same seed.

use std::fs;
use std::path::{Path, PathBuf};

use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::SeedableRng;
use rsa::RsaPrivateKey;
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
use sha1::{Digest, Sha1};

use crate::Result;

/// Modulus size of every sample key (what the NDES templates ask for).
const KEY_BITS: usize = 2048;

/// Where cached keys live.
pub fn cache_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("keys")
}

/// Returns the PKCS#8 DER of the key called `name`, from the cache or from its seed.
pub fn pkcs8_der(name: &str) -> Result<Vec<u8>> {
    let path = cache_dir().join(format!("{name}.pem"));
    let key = match fs::read_to_string(&path) {
        Ok(pem) => RsaPrivateKey::from_pkcs8_pem(&pem)?,
        Err(_) => {
            let key = generate(name)?;
            fs::create_dir_all(cache_dir())?;
            fs::write(&path, key.to_pkcs8_pem(LineEnding::LF)?.as_bytes())?;
            key
        }
    };
    Ok(key.to_pkcs8_der()?.as_bytes().to_vec())
}

/// Generates the key for `name` from a seed that depends only on the name.
fn generate(name: &str) -> Result<RsaPrivateKey> {
    let mut rng = ChaCha20Rng::from_seed(seed(name));
    Ok(RsaPrivateKey::new(&mut rng, KEY_BITS)?)
}

/// 32-byte ChaCha seed: SHA-1 of a labelled name, zero-padded.
fn seed(name: &str) -> [u8; 32] {
    let digest = Sha1::digest(format!("scepter samplegen key: {name}").as_bytes());
    let mut seed = [0u8; 32];
    seed[..digest.len()].copy_from_slice(&digest);
    seed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_differ_per_name_and_repeat_per_name() {
        assert_eq!(seed("root-ca"), seed("root-ca"));
        assert_ne!(seed("root-ca"), seed("issuing-ca"));
    }
}
