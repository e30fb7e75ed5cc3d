//! The rules of accounts, without I/O: random secrets and their hashes,
//! invite codes people read aloud, pseudonyms, regions as scopes, and
//! password hashing.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use netral_shared::regions::RegionCode;

use crate::keys::Keys;

/// Crockford-like: no 0/O, 1/I/L, so a code read over a phone call or copied
/// from a WhatsApp screenshot cannot be misread. 31 symbols.
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// 10 symbols: about 49.5 bits; with the per-IP limit on joins, guessing
/// one of a few hundred live codes is out of reach.
pub const INVITE_LEN: usize = 10;

pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).expect("the OS random source is available");
    buf
}

/// A bearer secret (device token or session): 256 random bits as hex.
pub fn new_token() -> String {
    hex::encode(random_bytes::<32>())
}

/// What the database keeps of a token or invite code: HMAC-SHA-256 with
/// the server secret (`crate::keys`), which is not in the database, so a
/// stolen copy or backup gives no way to test guesses of a 10-symbol invite
/// code; a lookup by hash stays one indexed read.
pub fn secret_hash(keys: &Keys, secret: &str) -> Vec<u8> {
    keys.token_hash(secret)
}

fn random_symbols(n: usize) -> String {
    // 256 is not a multiple of 31: reject the top values to stay uniform.
    let mut out = String::with_capacity(n);
    while out.len() < n {
        for b in random_bytes::<16>() {
            if usize::from(b) < 248 && out.len() < n {
                out.push(ALPHABET[usize::from(b) % ALPHABET.len()] as char);
            }
        }
    }
    out
}

pub fn new_invite_code() -> String {
    random_symbols(INVITE_LEN)
}

/// `K7QM4XTR9P` → `K7QM-4XTR-9P`.
pub fn format_invite_code(code: &str) -> String {
    code.as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).unwrap_or_default())
        .collect::<Vec<_>>()
        .join("-")
}

/// What a volunteer typed, as the canonical code: case, spaces and dashes
/// do not matter. A look-alike that is not in the alphabet (0, O, 1, I, L)
/// makes the code invalid rather than being guessed at.
pub fn normalize_invite_code(input: &str) -> Option<String> {
    let code: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (code.len() == INVITE_LEN && code.bytes().all(|b| ALPHABET.contains(&b))).then_some(code)
}

/// `Relawan-7F3K`: short enough for a coordinator to say on the phone.
pub fn new_pseudonym() -> String {
    format!("Relawan-{}", random_symbols(4))
}

/// A region code a scope may name: a province (`35`) or a kabupaten/kota
/// (`35.78`) that exists.
pub fn valid_region(code: &str) -> bool {
    RegionCode::parse(code).is_ok()
}

/// Argon2id with the crate's default parameters (19 MiB, 2 passes); run it
/// off the async runtime, it takes tens of milliseconds by design.
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::encode_b64(&random_bytes::<16>()).expect("16 bytes make a valid salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 with default parameters accepts any password")
        .to_string()
}

pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash of a password nobody has, verified against when the username is
/// unknown so that the answer takes as long as for a real account.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password(&new_token()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invite_codes_read_aloud() {
        let code = new_invite_code();
        assert_eq!(code.len(), INVITE_LEN);
        assert!(!code.contains(['0', 'O', '1', 'I', 'L']));
        let shown = format_invite_code(&code);
        assert_eq!(shown.len(), 12);
        assert_eq!(
            normalize_invite_code(&shown).as_deref(),
            Some(code.as_str())
        );
        assert_eq!(
            normalize_invite_code(" k7qm 4xtr-9p ").as_deref(),
            Some("K7QM4XTR9P")
        );
        assert_eq!(normalize_invite_code("K7QM-4XTR-9"), None);
        assert_eq!(normalize_invite_code("K7QM-4XTR-90"), None);
    }

    #[test]
    fn passwords() {
        let h = hash_password("kata sandi yang panjang");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("kata sandi yang panjang", &h));
        assert!(!verify_password("kata sandi yang salah", &h));
        assert!(!verify_password("x", "not a hash"));
    }
}
