//! `--postgres-restart PG_CTL`: PostgreSQL stops while members vote and starts again a few
//! seconds later. Chorus keeps running throughout, and must
//! - answer every vote during the outage with 503 and a message saying the database cannot be
//!   reached (not hang, not 500);
//! - accept votes again within [`RECOVERY`] of the database's return, with no restart;
//! - hold every acknowledged vote exactly once (an answer lost at the stop may leave a vote
//!   stored unacknowledged, at most one per client);
//! - tell open pages to resync once its live-event connection is back, and carry on with
//!   live vote totals.

use std::{
    ops::RangeBounds,
    path::Path,
    process::ExitCode,
    sync::{Arc, Mutex, PoisonError},
    time::{Duration, Instant},
};

use anyhow::Context;
use app::{model::VotingRule, server::db::Db};
use http::StatusCode;
use http_body_util::BodyExt;
use tokio::{process::Command, time::sleep};

use super::{
    closed_loop, open_stream, seed, start_chorus, stored_vote_problems, Args, Route, VOTE_PATH,
    WARM_UP,
};

/// How long the load runs before PostgreSQL stops.
const BEFORE: Duration = Duration::from_millis(1500);
/// How long PostgreSQL stays down: longer than the pool's 5 s wait for a connection, so some
/// votes are refused for that reason too.
const DOWN: Duration = Duration::from_secs(6);
/// By when, after PostgreSQL is back, every vote must be accepted again.
const RECOVERY: Duration = Duration::from_secs(5);
/// Votes still measured after that.
const AFTER: Duration = Duration::from_secs(3);

pub async fn postgres_restart(args: &Args, db: &Db, pg_ctl: &Path) -> anyhow::Result<ExitCode> {
    let seed = seed(db, args.clients, args.ideas, VotingRule::OnePerIdea)
        .await
        .context("seeding the database")?;
    let chorus = start_chorus(db.clone()).await?;
    let stream = open_stream(
        chorus,
        format!("/api/live/challenges/{}", seed.challenge_id),
        seed.cookies[0].clone(),
    )
    .await?;
    let events = Arc::new(Mutex::new(Vec::<(Instant, String)>::new()));
    let reader = tokio::spawn(read_events(stream, events.clone()));

    let load_ends = WARM_UP + BEFORE + DOWN + RECOVERY + AFTER;
    let votes = closed_loop(
        chorus,
        Route::Form(VOTE_PATH),
        &seed.cookies,
        load_ends - WARM_UP,
        |client| seed.vote_forms(client),
    );
    let outage = async {
        sleep(WARM_UP + BEFORE).await;
        let stopped_at = Instant::now();
        pg(pg_ctl, "stop").await?;
        sleep(DOWN).await;
        let starting_at = Instant::now();
        pg(pg_ctl, "start").await?;
        anyhow::Ok((stopped_at, starting_at, Instant::now()))
    };
    let (votes, outage) = tokio::join!(votes, outage);
    let votes = votes.context("voting")?;
    let (stopped_at, starting_at, back_at) = outage?;
    reader.abort();

    let mut problems = Vec::new();
    problems.extend(votes.lost_connections("vote"));
    let before: Vec<_> = statuses(&votes.timeline, stopped_at - BEFORE..stopped_at).collect();
    if before.is_empty() || before.iter().any(|&status| status != StatusCode::OK) {
        problems.push("votes before the stop were not all accepted".into());
    }
    let down = statuses(&votes.timeline, stopped_at..back_at)
        .filter(|&status| status != StatusCode::OK)
        .count();
    if down == 0 {
        problems.push("no vote was refused while PostgreSQL was down".into());
    }
    for (status, refusals) in &votes.refusals {
        if *status != StatusCode::SERVICE_UNAVAILABLE.as_u16() {
            problems.push(format!(
                "{} votes answered {status}, not 503: {}",
                refusals.count, refusals.first_body
            ));
        } else if !refusals.first_body.contains("cannot reach its database") {
            problems.push(format!("the 503 does not say why: {}", refusals.first_body));
        }
    }
    let recovered: Vec<_> = statuses(&votes.timeline, back_at + RECOVERY..).collect();
    if recovered.is_empty() || recovered.iter().any(|&status| status != StatusCode::OK) {
        problems.push(format!(
            "votes were not all accepted from {} s after PostgreSQL came back",
            RECOVERY.as_secs()
        ));
    }
    let first_accepted = votes
        .timeline
        .iter()
        .filter(|&&(at, status)| at >= back_at && status == StatusCode::OK)
        .map(|&(at, _)| at - back_at)
        .min()
        .unwrap_or_default();

    let events = std::mem::take(&mut *events.lock().unwrap_or_else(PoisonError::into_inner));
    // From when the start was asked for, not when `pg_ctl` returned: the relay may listen
    // again in between, as soon as the server accepts connections.
    let resync_at = events
        .iter()
        .find(|(at, event)| *at >= starting_at && event.contains("resync"))
        .map(|(at, _)| *at);
    match resync_at {
        None => problems.push("the open page was not told to resync after the outage".into()),
        Some(resync_at) => {
            if !events
                .iter()
                .any(|(at, event)| *at > resync_at && event.contains("\"votes\""))
            {
                problems.push("no live vote totals reached the page after the outage".into());
            }
        }
    }
    problems.extend(stored_vote_problems(db, &seed, &votes, args.clients, None).await?);

    if !problems.is_empty() {
        for problem in problems {
            eprintln!("vote-bench --postgres-restart: {problem}");
        }
        return Ok(ExitCode::FAILURE);
    }
    let refused: u64 = votes.refusals.values().map(|refusals| refusals.count).sum();
    println!(
        "vote-bench --postgres-restart: PostgreSQL down for {} s; {refused} votes refused with \
         503 ({down} answered while it was down); the first vote was accepted {:.1} s after it \
         was back; {} votes acknowledged and stored once; the live page resynced",
        DOWN.as_secs(),
        first_accepted.as_secs_f64(),
        votes.acknowledged
    );
    Ok(ExitCode::SUCCESS)
}

/// The statuses of the answers that arrived within `when`.
fn statuses<'a>(
    timeline: &'a [(Instant, StatusCode)],
    when: impl RangeBounds<Instant> + 'a,
) -> impl Iterator<Item = StatusCode> + 'a {
    timeline
        .iter()
        .filter(move |(at, _)| when.contains(at))
        .map(|(_, status)| *status)
}

/// Runs the PostgreSQL control script.
async fn pg(pg_ctl: &Path, action: &str) -> anyhow::Result<()> {
    let status = Command::new(pg_ctl)
        .arg(action)
        .status()
        .await
        .with_context(|| format!("running {} {action}", pg_ctl.display()))?;
    anyhow::ensure!(status.success(), "{} {action}: {status}", pg_ctl.display());
    Ok(())
}

/// Notes each event of a live stream with when it arrived.
async fn read_events(mut body: hyper::body::Incoming, events: Arc<Mutex<Vec<(Instant, String)>>>) {
    while let Some(Ok(frame)) = body.frame().await {
        if let Some(data) = frame.data_ref() {
            let text = String::from_utf8_lossy(data).into_owned();
            events
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push((Instant::now(), text));
        }
    }
}
