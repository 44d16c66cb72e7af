//! The Content-Security-Policy of every page: scripts run only from our own files or with this
//! response's nonce, so text that slips past escaping still cannot run.
//!
//! The server's middleware chooses the nonce before the page renders ([`PageNonce`], a request
//! extension) and sets the header itself; [`provide_page_nonce`] hands the same nonce to
//! Leptos, which puts it on the inline scripts it writes. Setting the header from inside the
//! render was tried first and was lost on some responses.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use http::request::Parts;
use leptos::{
    nonce::Nonce,
    prelude::{provide_context, use_context},
};

/// The nonce of one response: 128 random bits, base64 as CSP requires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageNonce(pub String);

impl PageNonce {
    pub fn new() -> Self {
        Self(URL_SAFE_NO_PAD.encode(rand::random::<[u8; 16]>()))
    }
}

impl Default for PageNonce {
    fn default() -> Self {
        Self::new()
    }
}

/// The policy for a page whose inline scripts carry `nonce`. Inline `style` attributes stay
/// allowed (charts size their bars with them); they cannot run code.
pub fn page_policy(nonce: &PageNonce) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        nonce.0
    )
}

/// For everything that is not one of our pages (downloads, JSON, files): nothing may run, and
/// styles and fonts only from inside the file, as in the synthesis SVG.
pub const FILE_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; \
     img-src data:; font-src data:; frame-ancestors 'none'; sandbox";

/// Render context: makes Leptos use the nonce the middleware chose for this request.
pub fn provide_page_nonce() {
    let nonce =
        use_context::<Parts>().and_then(|parts| parts.extensions.get::<PageNonce>().cloned());
    if let Some(nonce) = nonce {
        provide_context(Nonce::from_value(nonce.0));
    }
}
