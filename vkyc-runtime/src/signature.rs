//! `x-cf-signature`, Cashfree's two-factor request signature for Secure ID (VRS) accounts whose 2FA
//! mode is "Public Key" (the alternative is IP whitelisting).

use std::fmt;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rsa::pkcs8::DecodePublicKey as _;
use sha1::Sha1;

/// The RSA public key from Merchant Dashboard > Developers > Two-Factor Authentication, which signs
/// requests: Base64(RSA-OAEP("`<client id>.<unix seconds>`")) with SHA-1 and MGF1-SHA-1, as in
/// Cashfree's PHP (`OPENSSL_PKCS1_OAEP_PADDING`) and Java (`OAEPWithSHA-1AndMGF1Padding`) samples.
///
/// A signature is valid for five minutes and OAEP is randomized, so each one is made fresh: give
/// the key to [`ClientConfig::sign_requests`](super::ClientConfig::sign_requests) and the client
/// signs every request.
///
/// ```
/// use std::time::SystemTime;
/// use vkyc_runtime::CfSignatureKey;
///
/// # let pem = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/TEST-ONLY-cf-signature-public.pem"));
/// // let pem = std::fs::read_to_string("cashfree-2fa-public-key.pem")?;
/// let key = CfSignatureKey::from_pem(pem)?;
/// let signature = key.sign("CF_CLIENT_ID", SystemTime::now())?;
/// assert_eq!(signature.len(), 344); // 256 bytes (a 2048-bit key), Base64
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct CfSignatureKey(Arc<rsa::PublicKey>); // shared: every clone of a client config holds it

/// The key is not a PEM RSA public key, or a signature could not be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureError(String);

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "x-cf-signature: {}", self.0)
    }
}

impl std::error::Error for SignatureError {}

impl CfSignatureKey {
    /// Reads the key as Cashfree hands it out: PEM, `-----BEGIN PUBLIC KEY-----`.
    pub fn from_pem(pem: &str) -> Result<Self, SignatureError> {
        rsa::PublicKey::from_public_key_pem(pem.trim())
            .map(|key| Self(Arc::new(key)))
            .map_err(|e| {
                SignatureError(format!("not a PEM RSA public key (BEGIN PUBLIC KEY): {e}"))
            })
    }

    /// The `x-cf-signature` value for `client_id` at `now`.
    pub fn sign(&self, client_id: &str, now: SystemTime) -> Result<String, SignatureError> {
        let seconds = now
            .duration_since(UNIX_EPOCH)
            .map_err(|_| SignatureError("the clock is before 1970".into()))?
            .as_secs();
        let plaintext = format!("{client_id}.{seconds}");
        let encrypted = self
            .0
            .oaep_encrypt::<Sha1>(plaintext.as_bytes())
            .map_err(|e| SignatureError(format!("cannot encrypt the client id and time: {e}")))?;
        Ok(STANDARD.encode(encrypted))
    }
}

impl fmt::Debug for CfSignatureKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CfSignatureKey").finish_non_exhaustive()
    }
}
