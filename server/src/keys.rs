//! The server secret: 32 random bytes kept outside the database, from
//! which two subkeys are derived, one for each use:
//!
//! - **token MAC** (HMAC-SHA-256): what the database keeps of a session
//!   token, a device token or an invite code is
//!   `HMAC(mac_key, SHA-256(secret))`, so a stolen database or backup gives
//!   no way to test guesses of a 10-symbol invite code offline;
//! - **identity AEAD** (XChaCha20-Poly1305, random 192-bit nonces): the
//!   reporter's name, address and contact and the witnesses, sealed with the
//!   report id as associated data (a sealed identity moved to another row
//!   does not open).
//!
//! The secret comes from `NETRAL_SECRET_KEY` (64 hex digits or base64 of 32
//! bytes) or from a key file, by default `{data_dir}/netral.key`, created
//! with mode 0600 on first start and refused when group or others may read
//! it. It sits here, beside `config.rs` and below both `services/` (tokens)
//! and `store/` (identities, and the one-time conversion of older rows), so
//! both use it without either importing the other.

use std::io::Write;
use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::config::Settings;

pub const KEY_FILE: &str = "netral.key";
/// Leading byte of every sealed value: the format, so that a later one can
/// be told apart.
const SEALED_V1: u8 = 1;
const NONCE_LEN: usize = 24;

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("NETRAL_SECRET_KEY must be 32 bytes as 64 hex digits or base64")]
    BadEnv,
    #[error("the key file {0} must hold exactly 32 bytes")]
    BadFile(PathBuf),
    #[error(
        "the key file {0} may be read by group or others (mode {1:o}); \
         make it the server user's alone: chmod 600 {0}"
    )]
    Permissions(PathBuf, u32),
    #[error("the key file {0}: {1}")]
    Io(PathBuf, std::io::Error),
}

/// The subkeys derived from the server secret.
pub struct Keys {
    mac_key: [u8; 32],
    aead: XChaCha20Poly1305,
    check: [u8; 32],
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys(…)")
    }
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes any key length");
    m.update(data);
    m.finalize().into_bytes().into()
}

impl Keys {
    /// Subkeys from the secret: HMAC-SHA-256 of the secret over a label per
    /// use (a PRF keyed with 256 uniform bits, as HKDF's expand step is).
    pub fn from_secret(secret: &[u8; 32]) -> Keys {
        let aead_key = hmac(secret, b"netral/v1/identity-aead");
        Keys {
            mac_key: hmac(secret, b"netral/v1/token-mac"),
            aead: XChaCha20Poly1305::new(&aead_key.into()),
            check: hmac(secret, b"netral/v1/key-check"),
        }
    }

    /// A throwaway key (benchmarks).
    pub fn random() -> Keys {
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret).expect("the OS random source is available");
        Keys::from_secret(&secret)
    }

    /// The secret from the environment or the key file, which is created
    /// (0600) when missing.
    pub fn load(settings: &Settings) -> Result<Keys, KeyError> {
        if let Some(text) = settings.secret_key.as_deref() {
            return parse_secret(text.trim())
                .map(|s| Keys::from_secret(&s))
                .ok_or(KeyError::BadEnv);
        }
        let path = settings
            .key_file
            .clone()
            .unwrap_or_else(|| settings.data_dir.join(KEY_FILE));
        load_or_create(&path).map(|s| Keys::from_secret(&s))
    }

    /// What the database keeps of a bearer secret or an invite code.
    pub fn token_hash(&self, secret: &str) -> Vec<u8> {
        self.rekey_legacy_hash(&Sha256::digest(secret.as_bytes()))
    }

    /// A hash as stored before keyed hashes (plain SHA-256 of the secret)
    /// turned into the keyed one, without knowing the secret.
    pub fn rekey_legacy_hash(&self, sha256: &[u8]) -> Vec<u8> {
        hmac(&self.mac_key, sha256).to_vec()
    }

    /// Stored in the database on first start: a different key later is
    /// refused at startup instead of failing every sign-in and identity.
    pub fn check_value(&self) -> Vec<u8> {
        self.check.to_vec()
    }

    /// `plaintext` sealed: version byte, nonce, ciphertext with its tag.
    pub fn seal(&self, plaintext: &[u8], aad: &[u8]) -> Vec<u8> {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).expect("the OS random source is available");
        let ct = self
            .aead
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plaintext,
                    aad,
                },
            )
            .expect("encryption of a small value does not fail");
        let mut out = Vec::with_capacity(1 + NONCE_LEN + ct.len());
        out.push(SEALED_V1);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ct);
        out
    }

    /// `None` when the value was not sealed with this key and `aad`.
    pub fn open(&self, sealed: &[u8], aad: &[u8]) -> Option<Vec<u8>> {
        let (&version, rest) = sealed.split_first()?;
        if version != SEALED_V1 || rest.len() < NONCE_LEN {
            return None;
        }
        let (nonce, ct) = rest.split_at(NONCE_LEN);
        self.aead
            .decrypt(XNonce::from_slice(nonce), Payload { msg: ct, aad })
            .ok()
    }
}

fn parse_secret(text: &str) -> Option<[u8; 32]> {
    use base64::Engine;
    let bytes = if text.len() == 64 {
        hex::decode(text).ok()?
    } else {
        base64::engine::general_purpose::STANDARD
            .decode(text)
            .ok()?
    };
    bytes.try_into().ok()
}

fn load_or_create(path: &Path) -> Result<[u8; 32], KeyError> {
    let io = |e| KeyError::Io(path.to_owned(), e);
    match std::fs::metadata(path) {
        Ok(meta) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = meta.permissions().mode() & 0o777;
                if mode & 0o077 != 0 {
                    return Err(KeyError::Permissions(path.to_owned(), mode));
                }
            }
            #[cfg(not(unix))]
            let _ = meta;
            let bytes = std::fs::read(path).map_err(io)?;
            bytes
                .try_into()
                .map_err(|_| KeyError::BadFile(path.to_owned()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(io)?;
            }
            let mut secret = [0u8; 32];
            getrandom::fill(&mut secret).expect("the OS random source is available");
            // Written whole under a name of its own, then linked into place:
            // a replica starting at the same moment sees no key file or a
            // complete one, never the empty file `create_new` leaves before
            // its write (seen as "must hold exactly 32 bytes").
            let mut nonce = [0u8; 8];
            getrandom::fill(&mut nonce).expect("the OS random source is available");
            let tmp = path.with_extension(format!("tmp-{}", u64::from_le_bytes(nonce)));
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create(true).truncate(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            let mut file = options.open(&tmp).map_err(io)?;
            file.write_all(&secret).map_err(io)?;
            file.sync_all().map_err(io)?;
            let linked = std::fs::hard_link(&tmp, path);
            let _ = std::fs::remove_file(&tmp);
            match linked {
                Ok(()) => Ok(secret),
                // Another process made it first: use theirs.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => load_or_create(path),
                Err(e) => Err(io(e)),
            }
        }
        Err(e) => Err(io(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replicas_starting_at_once_share_one_complete_key() {
        for round in 0..20 {
            let dir = std::env::temp_dir()
                .join(format!("netral-key-race-{}-{round}", std::process::id()));
            let path = dir.join("netral.key");
            let keys: Vec<_> = (0..8)
                .map(|_| {
                    let path = path.clone();
                    std::thread::spawn(move || load_or_create(&path))
                })
                .collect::<Vec<_>>()
                .into_iter()
                .map(|t| t.join().unwrap().expect("every replica reads a whole key"))
                .collect();
            assert!(keys.windows(2).all(|w| w[0] == w[1]));
            std::fs::remove_dir_all(&dir).unwrap();
        }
    }

    #[test]
    fn sealed_values_open_only_with_their_key_and_row() {
        let keys = Keys::from_secret(&[7; 32]);
        let sealed = keys.seal(b"Siti Aminah", b"report:1");
        assert!(!sealed.windows(4).any(|w| w == b"Siti"));
        assert_eq!(
            keys.open(&sealed, b"report:1").as_deref(),
            Some(&b"Siti Aminah"[..])
        );
        assert_eq!(keys.open(&sealed, b"report:2"), None);
        assert_eq!(Keys::from_secret(&[8; 32]).open(&sealed, b"report:1"), None);
        assert_ne!(keys.seal(b"x", b""), keys.seal(b"x", b""), "fresh nonces");
    }

    #[test]
    fn token_hashes_depend_on_the_key() {
        let a = Keys::from_secret(&[1; 32]);
        let b = Keys::from_secret(&[2; 32]);
        assert_eq!(a.token_hash("K7QM4XTR9P"), a.token_hash("K7QM4XTR9P"));
        assert_ne!(a.token_hash("K7QM4XTR9P"), b.token_hash("K7QM4XTR9P"));
        assert_ne!(
            a.token_hash("K7QM4XTR9P"),
            Sha256::digest(b"K7QM4XTR9P").to_vec()
        );
    }

    #[test]
    fn secrets_from_the_environment() {
        assert_eq!(parse_secret(&"ab".repeat(32)), Some([0xab; 32]));
        assert_eq!(
            parse_secret("q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s="),
            Some([0xab; 32])
        );
        assert_eq!(parse_secret("abcd"), None);
    }
}
