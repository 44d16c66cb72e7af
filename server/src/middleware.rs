//! Cross-cutting request handling: request ids, error statuses and cross-site request refusal.

use std::sync::Arc;

use app::{
    error::AppError,
    server::{failure::REQUEST_ID_HEADER, headers, Settings},
};
use axum::{
    body::Body,
    extract::Request,
    middleware::Next,
    response::{IntoResponse, Response},
};
use http::{header, HeaderValue, Method, StatusCode};
use tracing::Instrument;

/// Gives every request an id (or keeps the one a proxy set), logs it with the request, and
/// returns it in the response, so a person's error reference leads to the log lines.
pub async fn request_id(mut request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get(REQUEST_ID_HEADER)
        .and_then(|value| value.to_str().ok())
        .filter(|value| !value.is_empty() && value.len() <= 64)
        .map(str::to_owned)
        .unwrap_or_else(|| format!("{:016x}", rand::random::<u64>()));
    let value = HeaderValue::from_str(&id).unwrap_or(HeaderValue::from_static("invalid"));
    request
        .headers_mut()
        .insert(REQUEST_ID_HEADER, value.clone());
    let span = tracing::info_span!("request", id = %id, method = %request.method(), path = %request.uri().path());
    let mut response = next.run(request).instrument(span).await;
    response.headers_mut().insert(REQUEST_ID_HEADER, value);
    response
}

/// Headers every response gets: no MIME sniffing, no full URLs leaked to other sites, no
/// framing by other sites, and a Content-Security-Policy: for pages, with the nonce chosen here
/// for Leptos's inline scripts; for anything else, one under which nothing runs (see
/// `app::server::headers`).
pub async fn security_headers(mut request: Request, next: Next) -> Response {
    let nonce = headers::PageNonce::new();
    request.extensions_mut().insert(nonce.clone());
    let mut response = next.run(request).await;
    let is_page = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    let policy = if is_page {
        HeaderValue::from_str(&headers::page_policy(&nonce))
            .unwrap_or(HeaderValue::from_static(headers::FILE_POLICY))
    } else {
        HeaderValue::from_static(headers::FILE_POLICY)
    };
    headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    response
}

/// Request bodies above this are refused; CSV imports of large organisations fit well within it.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// Refuses request bodies over [`MAX_BODY_BYTES`] with 413 and a message: before reading them
/// when the size is declared, else (chunked) once reading passes the limit. Server functions
/// read the raw body, so axum's `DefaultBodyLimit` alone would not stop them.
pub async fn limit_body(request: Request, next: Next) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    let request = match declared {
        Some(bytes) if bytes > MAX_BODY_BYTES as u64 => return body_too_large(),
        Some(_) => request,
        // Browsers declare the length; the rare body without one is read here, within the limit.
        None => {
            let (parts, body) = request.into_parts();
            match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
                Ok(bytes) => Request::from_parts(parts, Body::from(bytes)),
                Err(_) => return body_too_large(),
            }
        }
    };
    next.run(request).await
}

fn body_too_large() -> Response {
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!(
            "This request is larger than Chorus accepts ({} MiB at most). For a people import, \
             split the CSV file into smaller ones.",
            MAX_BODY_BYTES / (1024 * 1024)
        ),
    )
        .into_response()
}

/// Refuses state-changing requests that a browser sent from another site (CSRF). Leptos server
/// functions have no protection of their own; SameSite=Lax cookies are the second line.
///
/// Browsers send `Origin` on every POST; it must be our base URL's origin or match the `Host`
/// the request was sent to. Requests without `Origin` (curl, scripts) carry no ambient
/// cookies from a browser and are let through unless `Sec-Fetch-Site` says cross-site.
pub async fn refuse_cross_site(settings: Arc<Settings>, request: Request, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    let same_site = match origin {
        Some(origin) => {
            origin == settings.origin()
                || host.is_some_and(|host| {
                    origin
                        .split_once("://")
                        .is_some_and(|(_, origin_host)| origin_host == host)
                })
        }
        None => fetch_site != Some("cross-site"),
    };
    if same_site {
        next.run(request).await
    } else {
        tracing::warn!(?origin, ?host, "refused a cross-site request");
        (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            Body::from(
                "This request came from another website, so Chorus refused it. \
                 Open Chorus directly and try again.",
            ),
        )
            .into_response()
    }
}

/// Error bodies are a few hundred bytes; anything bigger is not a server-function error.
const MAX_ERROR_BODY_BYTES: usize = 64 * 1024;

/// Leptos answers every failed server function with 500 and the serialised error. This gives
/// the response the status that error stands for (401, 403, 422, …), including errors raised
/// before the function runs, such as arguments that cannot be decoded.
pub async fn error_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR || !is_json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BODY_BYTES).await else {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            "response body unreadable",
        )
            .into_response();
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, Body::from(bytes))
}
