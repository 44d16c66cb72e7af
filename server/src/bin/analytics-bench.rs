//! `analytics-bench`: how long the analytics page takes for an organisation of 5,000 people
//! with 200,000 activity events (days people came and what they did on challenges).
//!
//! The organisation is the generated one the analytics tests check figure by figure, with a
//! busy 60-day history added. A signed-in leader asks the real router (middleware, session,
//! server-side rendering with every query) for `/analytics` over the last 30 days, with no
//! socket in between. Prints `bench analytics_page_ms <median> ms`, the median of several
//! requests after a warm-up, the same for the people list, and for scale the account page (no
//! analytics) in the same run.

use std::time::Instant;

use anyhow::{ensure, Context};
use app::server::{
    analytics::sample,
    auth::{new_token, token_hash, SESSION_COOKIE},
    clock::{now_ms, DAY_MS},
    db::{self, Db},
    Settings,
};
use axum::body::Body;
use http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

const PEOPLE: usize = 5_000;
const EVENTS: i64 = 200_000;
const RUNS: usize = 15;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let folder =
        std::env::temp_dir().join(format!("chorus-analytics-bench-{}", std::process::id()));
    let result = run(&folder).await;
    if let Err(error) = std::fs::remove_dir_all(&folder) {
        eprintln!(
            "analytics-bench: could not remove {}: {error}",
            folder.display()
        );
    }
    result
}

async fn run(folder: &std::path::Path) -> anyhow::Result<()> {
    let db = Db::connect(&format!("sqlite://{}/bench.db", folder.display())).await?;
    db.migrate().await?;
    let now = now_ms();
    let today = now.div_euclid(DAY_MS);
    let organisation = sample::generate(&db, PEOPLE, today)
        .await
        .map_err(|error| anyhow::anyhow!("generating the organisation: {error}"))?;
    // The generated behaviour comes first; the history on top makes at least EVENTS rows.
    sample::add_busy_history(&db, &organisation, today, EVENTS as usize)
        .await
        .map_err(|error| anyhow::anyhow!("adding history: {error}"))?;
    let events = db::analytics::event_count(db.reader()).await?;
    ensure!(events >= EVENTS, "only {events} events were stored");

    let token = new_token();
    db::sessions::insert(
        db.writer(),
        &token_hash(&token),
        organisation.people[0],
        now,
        now + DAY_MS,
    )
    .await?;
    let cookie = format!("{SESSION_COOKIE}={token}");
    let settings = Settings {
        sso: None,
        password_sign_in: true,
        email_configured: false,
        base_url: "http://127.0.0.1:3000".into(),
        secure_cookies: false,
        behind_proxy: false,
    };
    let options = server::leptos_options("target/site", "127.0.0.1:0".parse()?);
    let router = server::router(server::app_state(options, db, settings).await?);

    let time = |path: &'static str, shortest_page: usize| {
        let (router, cookie) = (router.clone(), cookie.clone());
        async move {
            let mut times = Vec::with_capacity(RUNS);
            for run in 0..=RUNS {
                let request = Request::get(path)
                    .header(header::ACCEPT, "text/html")
                    .header(header::COOKIE, &cookie)
                    .body(Body::empty())?;
                let started = Instant::now();
                let response = router.clone().oneshot(request).await?;
                let status = response.status();
                let body = response.into_body().collect().await?.to_bytes();
                let elapsed = started.elapsed().as_secs_f64() * 1_000.0;
                ensure!(status == StatusCode::OK, "GET {path}: {status}");
                ensure!(
                    body.len() > shortest_page,
                    "GET {path}: a suspiciously short page"
                );
                // The first request warms caches and is not counted.
                if run > 0 {
                    times.push(elapsed);
                }
            }
            times.sort_by(f64::total_cmp);
            anyhow::Ok(times[RUNS / 2])
        }
    };
    let page_ms = time("/analytics?period=30d&by=department", 10_000)
        .await
        .context("the analytics page")?;
    let people_ms = time("/analytics/people?status=active&days=14", 10_000)
        .await
        .context("the people list")?;
    // A page with almost no data, through the same router and session, for scale: these
    // machines vary by about 2x between runs, the ratio much less.
    let baseline_ms = time("/account", 1_000).await.context("the account page")?;
    println!("bench analytics_events {events} events");
    println!("bench analytics_page_ms {page_ms:.1} ms");
    println!("bench analytics_people_ms {people_ms:.1} ms");
    println!("bench analytics_baseline_page_ms {baseline_ms:.1} ms");
    println!(
        "bench analytics_page_vs_baseline {:.1} x",
        page_ms / baseline_ms
    );
    Ok(())
}
