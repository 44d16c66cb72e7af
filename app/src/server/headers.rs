//! The Content-Security-Policy of every page: scripts run only from our own files or with this
//! response's nonce (Leptos puts it on the inline scripts it writes), so text that slips past
//! escaping still cannot run. Other security headers, the same for every response, are added by
//! the server's middleware.

use http::{header::CONTENT_SECURITY_POLICY, HeaderValue};
use leptos::{nonce::use_nonce, prelude::use_context};
use leptos_axum::ResponseOptions;

/// The policy for a page whose inline scripts carry `nonce`. Inline `style` attributes stay
/// allowed (charts size their bars with them); they cannot run code.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// For everything that is not one of our pages (downloads, JSON, files): nothing may run, and
/// styles and fonts only from inside the file, as in the synthesis SVG.
pub const FILE_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; \
     img-src data:; font-src data:; frame-ancestors 'none'; sandbox";

/// Sets [`page_policy`] on the response being rendered. Called from the shell, where Leptos
/// has already chosen this response's nonce.
pub fn set_page_policy() {
    let (Some(nonce), Some(response)) = (use_nonce(), use_context::<ResponseOptions>()) else {
        return;
    };
    if let Ok(value) = HeaderValue::from_str(&page_policy(&nonce.to_string())) {
        response.insert_header(CONTENT_SECURITY_POLICY, value);
    }
}
