//! The `chorus` server: builds the axum router around the Leptos app. `main.rs` only reads the
//! configuration and serves; tests drive [`router`] directly without a socket.

// The app's pages are deeply nested view types, laid out here where the router renders them.
#![recursion_limit = "256"]

pub mod bootstrap;
pub mod config;
mod middleware;

use std::{net::SocketAddr, sync::Arc};

use anyhow::Context;

use app::{
    app::{shell, App},
    server::{
        analytics::ActivityLog, auth::SessionCache, db::Db, headers::provide_page_nonce,
        live::Live, sso::Sso, throttle::SignInThrottle, voting::VoteQueue, AppState, Settings,
    },
};
use axum::{
    extract::{connect_info::IntoMakeServiceWithConnectInfo, DefaultBodyLimit},
    Router,
};
use leptos::prelude::LeptosOptions;
use leptos_axum::{generate_route_list, LeptosRoutes};

/// Everything a request needs, assembled once at start-up. Fails when the vote writer's thread
/// cannot be started or (PostgreSQL) the connection for live events cannot be opened.
pub async fn app_state(
    leptos_options: LeptosOptions,
    db: Db,
    settings: Settings,
) -> anyhow::Result<AppState> {
    let live = Live::start(&db)
        .await
        .context("listening for live events")?;
    let sso = settings
        .sso
        .clone()
        .map(|sso| Sso::new(sso, &settings.base_url).map(Arc::new))
        .transpose()
        .map_err(anyhow::Error::msg)?;
    Ok(AppState {
        leptos_options,
        sso,
        settings: Arc::new(settings),
        votes: VoteQueue::start(db.clone(), live.clone()).context("starting the vote writer")?,
        live,
        sessions: SessionCache::default(),
        activity: ActivityLog::start(db.clone()),
        sign_ins: SignInThrottle::default(),
        db,
    })
}

/// Leptos settings for serving the built site from `site_root`.
pub fn leptos_options(site_root: &str, listen: std::net::SocketAddr) -> LeptosOptions {
    let env = match std::env::var("LEPTOS_ENV") {
        Ok(value) if value.eq_ignore_ascii_case("dev") => leptos::config::Env::DEV,
        _ => leptos::config::Env::PROD,
    };
    LeptosOptions::builder()
        .output_name(option_env!("LEPTOS_OUTPUT_NAME").unwrap_or("chorus"))
        .site_root(site_root)
        .site_addr(listen)
        .env(env)
        .build()
}

/// What `axum::serve` runs for each connection: a router, told the connection's address
/// (sign-in limits count it). It also keeps connections cheap: serving a bare `Router` rebuilds
/// its route tables for every connection (about 40 KB each here), which 10,000 open live-update
/// streams would keep alive.
pub fn service(router: Router) -> IntoMakeServiceWithConnectInfo<Router, SocketAddr> {
    router.into_make_service_with_connect_info::<SocketAddr>()
}

/// The whole HTTP surface: pages, server functions under `/api/`, and static files.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let settings = state.settings.clone();
    Router::new()
        .leptos_routes_with_context(&state, routes, provide_page_nonce, {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .route(
            "/api/live/challenges/{challenge_id}",
            axum::routing::get(app::server::live::challenge_events),
        )
        .route(
            "/api/challenges/{challenge_id}/synthesis/{file}",
            axum::routing::get(app::server::synthesis::downloads::download),
        )
        .route(
            "/api/unsubscribe/{token}",
            axum::routing::post(app::server::delivery::email::one_click_unsubscribe),
        )
        .route(
            "/api/analytics/{file}",
            axum::routing::get(app::server::analytics::downloads::download),
        )
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(provide_page_nonce, shell))
        .layer(axum::middleware::from_fn(move |request, next| {
            middleware::refuse_cross_site(settings.clone(), request, next)
        }))
        .layer(axum::middleware::from_fn(middleware::error_status))
        .layer(DefaultBodyLimit::max(middleware::MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(middleware::limit_body))
        .layer(axum::middleware::from_fn(middleware::security_headers))
        .layer(axum::middleware::from_fn(middleware::request_id))
        .with_state(state)
}
