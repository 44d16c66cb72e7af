//! `--page-ideas N`: members load the page of a challenge with N ideas, as a browser's first
//! visit does: the whole router, the session, the challenge, the first page of ideas (sorted
//! and counted among all N) and the server-side render.

use std::{process::ExitCode, sync::Arc, time::Duration};

use anyhow::Context;
use app::{api::ideas::PAGE_SIZE, model::VotingRule, server::db::Db};
use axum::body::Bytes;
use http_body_util::BodyExt;

use super::{closed_loop, get_ok, percentile_ms, seed, start_chorus, Args, Route};

pub async fn bench(args: &Args, db: &Db, ideas: usize) -> anyhow::Result<ExitCode> {
    let seed = seed(db, args.clients, ideas, VotingRule::OnePerIdea)
        .await
        .context("seeding the database")?;
    let chorus = start_chorus(db.clone()).await?;
    let path: Arc<str> = format!("/challenges/{}", seed.challenge_id).into();

    // One page first, to check it is the page with its ideas and not, say, a sign-in form.
    let page = get_ok(
        chorus,
        &path,
        "text/html",
        Some(seed.cookies[0].clone()),
        "the page",
    )
    .await?;
    let html = String::from_utf8_lossy(&page.collect().await?.to_bytes()).into_owned();
    let idea_links = html.matches(&format!("{path}/ideas/")).count();
    let expected = (PAGE_SIZE as usize).min(ideas);
    anyhow::ensure!(
        idea_links >= expected,
        "the page links {idea_links} ideas, expected at least {expected}"
    );

    let measured = Duration::from_secs(args.seconds);
    let pages = closed_loop(chorus, Route::Page(path), &seed.cookies, measured, |_| {
        std::iter::repeat(Bytes::new())
    })
    .await
    .context("loading pages")?;
    let mut problems = pages.refusals("page");
    problems.extend(pages.lost_connections("page"));
    if !problems.is_empty() {
        for problem in problems {
            eprintln!("vote-bench: {problem}");
        }
        return Ok(ExitCode::FAILURE);
    }
    let mut latencies = pages.window_latencies;
    latencies.sort_unstable();
    let name = if ideas.is_multiple_of(1000) {
        format!("page_{}k", ideas / 1000)
    } else {
        format!("page_{ideas}")
    };
    let suffix = &args.name_suffix;
    println!(
        "bench {name}_rps{suffix} {:.0} /s",
        pages.acknowledged_in_window as f64 / measured.as_secs_f64()
    );
    println!(
        "bench {name}_p99_ms{suffix} {:.1} ms",
        percentile_ms(&latencies, 0.99)?
    );
    Ok(ExitCode::SUCCESS)
}
