//! `vote-bench`: how many votes per second Chorus records, at what latency, and how that
//! compares with a bare axum handler on the same machine.
//!
//! Signed-in members vote through the real router (middleware, session lookup, the
//! `votes/set` server function and its SQLite transaction), each on its own keep-alive
//! HTTP/1 connection, in a closed loop. Server and clients share one process and talk over
//! loopback, so the figures include HTTP parsing and the database commit but no network, and
//! the run needs nothing but this binary. The same loop against a handler that only answers
//! "ok" shows how much of the cost is Chorus's own. Afterwards every acknowledged vote must be
//! in the database, exactly once.
//!
//! `--live-subscribers N` measures live updates instead: N browsers' event streams on one
//! challenge of a server in a child process, its memory, and how long one vote takes to reach
//! them all.
//!
//! `--page-ideas N` measures pages instead: members load a challenge page with N ideas (its
//! first page of them, rendered on the server), see [`page`].
//!
//! `--postgres-server URL --postgres-restart PG_CTL` checks an outage instead: PostgreSQL is
//! stopped and started again during the load, see [`outage`].
//!
//! `--crash` checks durability instead: the server runs as a child process, is killed with
//! SIGKILL while votes arrive, and is started again on the same database; every vote it
//! acknowledged must be stored exactly once and no one's budget exceeded.

mod outage;
mod page;

use std::{
    collections::{BTreeMap, HashMap, HashSet},
    net::{Ipv4Addr, SocketAddr},
    path::PathBuf,
    process::{ExitCode, Stdio},
    sync::Arc,
    time::{Duration, Instant},
};

use anyhow::Context;
use app::{
    model::{Audience, Role, VotingRule},
    server::{
        auth::{new_token, token_hash, SESSION_COOKIE},
        clock::{now_ms, DAY_MS},
        db::{self, challenges::ChallengeRecord, people::PersonRecord, Db},
        Settings,
    },
};
use axum::{body::Bytes, routing::post, Router};
use clap::{builder::RangedU64ValueParser, Parser};
use http::{
    header::{ACCEPT, CONTENT_TYPE, COOKIE, HOST},
    HeaderValue, Request, StatusCode,
};
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use sqlx::Row;
use tokio::{
    io::{AsyncBufReadExt, BufReader},
    net::{TcpListener, TcpStream},
    process::{Child, Command},
    task::JoinSet,
};

const VOTE_PATH: &str = "/api/votes/set";
const BASELINE_PATH: &str = "/vote";
/// Connections are opened and caches warmed during this time; its answers are not measured.
const WARM_UP: Duration = Duration::from_secs(1);
/// Client `k` starts voting at idea `k * CLIENT_OFFSET`, so clients spread over the ideas.
const CLIENT_OFFSET: usize = 31;

#[derive(Parser)]
#[command(about = "Measures vote throughput and latency through the Chorus router")]
struct Args {
    /// Concurrent clients, each a signed-in member on its own keep-alive connection.
    #[arg(long, default_value_t = 64, value_parser = RangedU64ValueParser::<usize>::new().range(1..))]
    clients: usize,
    /// Length of each measured window, after a one-second warm-up.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..))]
    seconds: u64,
    /// Ideas in the challenge; no client votes on the same idea twice.
    #[arg(long, default_value_t = 2000, value_parser = RangedU64ValueParser::<usize>::new().range(1..))]
    ideas: usize,
    /// Kill the server with SIGKILL while votes arrive, restart it, and check what was stored,
    /// instead of measuring.
    #[arg(long)]
    crash: bool,
    /// Measure on a fresh database of this PostgreSQL server (a URL whose user may create
    /// databases) instead of a SQLite file; the database is dropped afterwards.
    #[arg(long)]
    postgres_server: Option<String>,
    /// Appended to every figure's name, e.g. `_512` or `_postgres`.
    #[arg(long, default_value = "")]
    name_suffix: String,
    /// Hold this many live event streams on one challenge and time one vote's fan-out to all of
    /// them, instead of measuring votes.
    #[arg(long)]
    live_subscribers: Option<usize>,
    /// With --postgres-server: stop and start that server with this script (`stop`, `start`)
    /// while votes arrive, and check that Chorus reports the outage and recovers by itself.
    #[arg(long)]
    postgres_restart: Option<PathBuf>,
    /// Load the page of a challenge with this many ideas in a closed loop, instead of voting.
    #[arg(long, value_parser = RangedU64ValueParser::<usize>::new().range(1..))]
    page_ideas: Option<usize>,
    /// Internal, for --crash and --live-subscribers: serve Chorus on this SQLite file and print
    /// the address.
    #[arg(long, hide = true)]
    serve_database: Option<PathBuf>,
}

/// In `--crash`, each member may cast this many votes: more than a client manages before the
/// kill (about 300 here), so clients are still voting when the server dies.
const CRASH_BUDGET: i64 = 1000;
/// When the server is killed, after the warm-up.
const CRASH_AFTER: Duration = Duration::from_secs(1);

// No tracing subscriber is installed, so the server's logs stay out of the figures.
#[tokio::main]
async fn main() -> ExitCode {
    match run(Args::parse()).await {
        Ok(code) => code,
        Err(error) => {
            eprintln!("vote-bench: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> anyhow::Result<ExitCode> {
    if let Some(database) = &args.serve_database {
        return serve_child(database).await;
    }
    let folder = TempFolder::create()?;
    let database = folder.0.join("bench.db");
    if args.crash {
        return crash(&args, &database).await;
    }
    if let Some(subscribers) = args.live_subscribers {
        return live(subscribers, &database).await;
    }
    if let Some(server) = &args.postgres_server {
        return on_postgres(&args, server).await;
    }
    let db = Db::connect(&sqlite_url(&database)).await?;
    db.migrate().await?;
    let outcome = match args.page_ideas {
        Some(ideas) => page::bench(&args, &db, ideas).await,
        None => bench(&args, &db).await,
    };
    db.close().await;
    outcome
}

/// [`bench`] on a database of its own on the PostgreSQL server at `server_url`.
async fn on_postgres(args: &Args, server_url: &str) -> anyhow::Result<ExitCode> {
    let name = format!("chorus_vote_bench_{}", std::process::id());
    let admin = Db::connect(server_url).await?;
    // The name is ours (the process id), not input.
    let create = format!("create database {name}");
    sqlx::query(sqlx::AssertSqlSafe(create))
        .execute(admin.writer())
        .await?;
    let base = server_url
        .rsplit_once('/')
        .map(|(base, _)| base)
        .context("a PostgreSQL URL ending in a database name")?;
    let outcome = async {
        let db = Db::connect(&format!("{base}/{name}")).await?;
        db.migrate().await?;
        let outcome = match &args.postgres_restart {
            Some(pg_ctl) => outage::postgres_restart(args, &db, pg_ctl).await,
            None => bench(args, &db).await,
        };
        db.close().await;
        outcome
    }
    .await;
    // Forced: the server under test may still hold connections (its live-event listener).
    let drop = format!("drop database if exists {name} with (force)");
    sqlx::query(sqlx::AssertSqlSafe(drop))
        .execute(admin.writer())
        .await?;
    admin.close().await;
    outcome
}

fn sqlite_url(database: &std::path::Path) -> String {
    format!("sqlite://{}", database.display())
}

async fn bench(args: &Args, db: &Db) -> anyhow::Result<ExitCode> {
    let seed = seed(db, args.clients, args.ideas, VotingRule::OnePerIdea)
        .await
        .context("seeding the database")?;
    let chorus = start_chorus(db.clone()).await?;
    let baseline = start_server(
        bind_loopback().await?,
        Router::new().route(BASELINE_PATH, post(|| async { "ok" })),
    )?;
    let measured = Duration::from_secs(args.seconds);

    let votes = closed_loop(
        chorus,
        Route::Form(VOTE_PATH),
        &seed.cookies,
        measured,
        |client| seed.vote_forms(client),
    )
    .await
    .context("voting")?;
    let bare = closed_loop(
        baseline,
        Route::Form(BASELINE_PATH),
        &seed.cookies,
        measured,
        |client| seed.vote_forms(client).cycle(),
    )
    .await
    .context("the axum baseline")?;

    let mut problems = votes.refusals("vote");
    problems.extend(bare.refusals("baseline"));
    problems.extend(votes.lost_connections("vote"));
    problems.extend(bare.lost_connections("baseline"));
    problems.extend(missing_votes(db, votes.acknowledged).await?);
    if !problems.is_empty() {
        for problem in problems {
            eprintln!("vote-bench: {problem}");
        }
        return Ok(ExitCode::FAILURE);
    }
    eprintln!(
        "vote-bench: {} votes acknowledged and stored ({} in the measured window)",
        votes.acknowledged, votes.acknowledged_in_window
    );

    let seconds = measured.as_secs_f64();
    let votes_per_s = votes.acknowledged_in_window as f64 / seconds;
    let baseline_rps = bare.acknowledged_in_window as f64 / seconds;
    let mut latencies = votes.window_latencies;
    latencies.sort_unstable();
    let suffix = &args.name_suffix;
    println!("bench votes_per_s{suffix} {votes_per_s:.0} /s");
    for (name, fraction) in [("p50", 0.50), ("p99", 0.99), ("p999", 0.999)] {
        println!(
            "bench vote_{name}_ms{suffix} {:.1} ms",
            percentile_ms(&latencies, fraction)?
        );
    }
    println!("bench axum_baseline_rps{suffix} {baseline_rps:.0} /s");
    println!(
        "bench vote_vs_baseline_ratio{suffix} {:.1} %",
        votes_per_s / baseline_rps * 100.0
    );
    Ok(ExitCode::SUCCESS)
}

/// A folder of our own under the system temp folder, removed on drop.
struct TempFolder(PathBuf);

impl TempFolder {
    fn create() -> anyhow::Result<Self> {
        let path = std::env::temp_dir().join(format!("chorus-vote-bench-{}", std::process::id()));
        std::fs::create_dir_all(&path).with_context(|| format!("creating {}", path.display()))?;
        Ok(Self(path))
    }
}

impl Drop for TempFolder {
    fn drop(&mut self) {
        if let Err(error) = std::fs::remove_dir_all(&self.0) {
            eprintln!("vote-bench: could not remove {}: {error}", self.0.display());
        }
    }
}

/// What the clients need from the seeded database.
struct Seed {
    challenge_id: i64,
    idea_ids: Arc<[i64]>,
    /// The member each client votes as.
    member_ids: Vec<i64>,
    /// One `Cookie` header per client, each a different member's session.
    cookies: Vec<HeaderValue>,
}

impl Seed {
    /// The form bodies client `client` votes with: every idea once, from its own offset on.
    fn vote_forms(&self, client: usize) -> impl Iterator<Item = Bytes> + Clone + Send + 'static {
        let (challenge_id, idea_ids) = (self.challenge_id, self.idea_ids.clone());
        let start = client * CLIENT_OFFSET;
        (0..idea_ids.len()).map(move |step| {
            let idea_id = idea_ids[(start + step) % idea_ids.len()];
            Bytes::from(format!(
                "challenge_id={challenge_id}&idea_id={idea_id}&votes=1"
            ))
        })
    }
}

/// A leader's challenge, open now for a day with `voting`, `ideas` ideas by the members, and a
/// signed-in session for each of `members` members.
async fn seed(db: &Db, members: usize, ideas: usize, voting: VotingRule) -> anyhow::Result<Seed> {
    let now = now_ms();
    let person = |email: String, role: Role| PersonRecord {
        display_name: email.clone(),
        email,
        role,
        department: "Engineering".into(),
        region: "EMEA".into(),
        manager_id: None,
    };
    let mut tx = db.begin().await?;
    let sponsor_id = db::people::insert(
        &mut *tx,
        &person("sponsor@bench.test".into(), Role::Leader),
        now,
    )
    .await?;
    let mut member_ids = Vec::with_capacity(members);
    let mut cookies = Vec::with_capacity(members);
    for member in 0..members {
        let person_id = db::people::insert(
            &mut *tx,
            &person(format!("member{member}@bench.test"), Role::Member),
            now,
        )
        .await?;
        let token = new_token();
        db::sessions::insert(&mut *tx, &token_hash(&token), person_id, now, now + DAY_MS).await?;
        member_ids.push(person_id);
        cookies.push(HeaderValue::from_str(&format!("{SESSION_COOKIE}={token}"))?);
    }
    let challenge = ChallengeRecord {
        title: "Vote benchmark".into(),
        question: "Which ideas should we try first?".into(),
        brief: "Seeded by vote-bench.".into(),
        sponsor_id,
        opens_at: now,
        closes_at: now + DAY_MS,
        voting,
        hide_authors: false,
        audience: Audience::default(),
    };
    let challenge_id = db::challenges::insert(&mut tx, &challenge, sponsor_id, now).await?;
    let mut idea_ids = Vec::with_capacity(ideas);
    for idea in 0..ideas {
        let author_id = member_ids[idea % members];
        let title = format!("Idea {idea}");
        idea_ids.push(
            db::ideas::insert(
                &mut *tx,
                challenge_id,
                author_id,
                &title,
                "A seeded idea.",
                now,
            )
            .await?,
        );
    }
    tx.commit().await?;
    Ok(Seed {
        challenge_id,
        idea_ids: idea_ids.into(),
        member_ids,
        cookies,
    })
}

async fn bind_loopback() -> anyhow::Result<TcpListener> {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .await
        .context("listening on loopback")
}

/// The full Chorus router on `db`, as `chorus` serves it.
async fn start_chorus(db: Db) -> anyhow::Result<SocketAddr> {
    let listener = bind_loopback().await?;
    let addr = listener.local_addr()?;
    let settings = Settings {
        sso: None,
        password_sign_in: true,
        email_configured: false,
        base_url: format!("http://{addr}"),
        secure_cookies: false,
        behind_proxy: false,
    };
    let options = server::leptos_options("target/site", addr);
    let state = server::app_state(options, db, settings)
        .await
        .context("starting Chorus")?;
    start_server(listener, server::router(state))
}

fn start_server(listener: TcpListener, router: Router) -> anyhow::Result<SocketAddr> {
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        // Served as `chorus` serves, so per-connection costs are the production ones.
        if let Err(error) = axum::serve(listener, server::service(router)).await {
            eprintln!("vote-bench: the server on {addr} stopped: {error}");
        }
    });
    Ok(addr)
}

/// Answers with one status other than 200: how many, and the first one's body.
struct Refusals {
    count: u64,
    first_body: String,
}

/// What one or more clients saw.
#[derive(Default)]
struct Tally {
    /// 200 answers over the whole run: warm-up, measured window and the requests in flight
    /// when it ended.
    acknowledged: u64,
    /// 200 answers that arrived within the measured window.
    acknowledged_in_window: u64,
    /// Latency of every request answered within the measured window.
    window_latencies: Vec<Duration>,
    refusals: BTreeMap<u16, Refusals>,
    /// The forms answered with 200, by client.
    acknowledged_forms: Vec<(usize, Bytes)>,
    /// Why clients stopped before the window ended, if they did.
    lost_connections: Vec<String>,
    /// When each answer arrived, with its status.
    timeline: Vec<(Instant, StatusCode)>,
}

impl Tally {
    fn record(&mut self, answer: Answer, form: (usize, Bytes), in_window: bool) {
        let Answer {
            status,
            body,
            latency,
        } = answer;
        if in_window {
            self.window_latencies.push(latency);
        }
        self.timeline.push((Instant::now(), status));
        if status == StatusCode::OK {
            self.acknowledged_forms.push(form);
            self.acknowledged += 1;
            self.acknowledged_in_window += u64::from(in_window);
        } else {
            self.refusals
                .entry(status.as_u16())
                .or_insert_with(|| Refusals {
                    count: 0,
                    first_body: String::from_utf8_lossy(&body).into_owned(),
                })
                .count += 1;
        }
    }

    fn absorb(&mut self, other: Tally) {
        self.acknowledged += other.acknowledged;
        self.acknowledged_in_window += other.acknowledged_in_window;
        self.window_latencies.extend(other.window_latencies);
        self.acknowledged_forms.extend(other.acknowledged_forms);
        self.lost_connections.extend(other.lost_connections);
        self.timeline.extend(other.timeline);
        for (status, refusals) in other.refusals {
            self.refusals
                .entry(status)
                .and_modify(|mine| mine.count += refusals.count)
                .or_insert(refusals);
        }
    }

    fn lost_connections(&self, target: &str) -> Vec<String> {
        self.lost_connections
            .iter()
            .map(|error| format!("{target}: a client lost its connection: {error}"))
            .collect()
    }

    /// One line per status other than 200, for `target`.
    fn refusals(&self, target: &str) -> Vec<String> {
        self.refusals
            .iter()
            .map(|(status, refusals)| {
                format!(
                    "{target}: {} answers with status {status}, the first: {}",
                    refusals.count, refusals.first_body
                )
            })
            .collect()
    }
}

/// Nearest-rank percentile, in milliseconds.
fn percentile_ms(sorted: &[Duration], fraction: f64) -> anyhow::Result<f64> {
    anyhow::ensure!(!sorted.is_empty(), "no request was answered in the window");
    let rank = ((fraction * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    Ok(sorted[rank - 1].as_secs_f64() * 1000.0)
}

/// When answers count: from the end of the warm-up for `measured`.
#[derive(Clone, Copy)]
struct Window {
    starts: Instant,
    ends: Instant,
}

impl Window {
    fn contains(self, instant: Instant) -> bool {
        (self.starts..self.ends).contains(&instant)
    }
}

/// What each client asks for, over and over.
#[derive(Clone)]
enum Route {
    /// Posts the client's forms to this path, as the vote buttons do.
    Form(&'static str),
    /// Loads this page, as a browser does (the forms are ignored).
    Page(Arc<str>),
}

/// One client per cookie, each sending its `forms` to `route` one after the other until the
/// window ends.
async fn closed_loop<Forms>(
    addr: SocketAddr,
    route: Route,
    cookies: &[HeaderValue],
    measured: Duration,
    forms: impl Fn(usize) -> Forms,
) -> anyhow::Result<Tally>
where
    Forms: Iterator<Item = Bytes> + Send + 'static,
{
    let starts = Instant::now() + WARM_UP;
    let window = Window {
        starts,
        ends: starts + measured,
    };
    let mut clients = JoinSet::new();
    for (client, cookie) in cookies.iter().enumerate() {
        clients.spawn(request_until(
            addr,
            route.clone(),
            (client, cookie.clone()),
            forms(client),
            window,
        ));
    }
    let mut tally = Tally::default();
    while let Some(client) = clients.join_next().await {
        tally.absorb(client??);
    }
    Ok(tally)
}

/// One answer to one request.
struct Answer {
    status: StatusCode,
    body: Bytes,
    latency: Duration,
}

/// One client: a keep-alive connection sending one request at a time until the window ends,
/// or until the connection is lost (noted in the tally).
async fn request_until(
    addr: SocketAddr,
    route: Route,
    (client, cookie): (usize, HeaderValue),
    mut forms: impl Iterator<Item = Bytes>,
    window: Window,
) -> anyhow::Result<Tally> {
    let mut connection = connect(addr).await?;
    let host = HeaderValue::from_str(&addr.to_string())?;
    let mut tally = Tally::default();
    while Instant::now() < window.ends {
        let form = forms
            .next()
            .context("a client voted on every idea before the time was up; raise --ideas")?;
        let request = match &route {
            Route::Form(path) => Request::post(*path)
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(ACCEPT, "application/json"),
            Route::Page(path) => Request::get(&**path).header(ACCEPT, "text/html"),
        }
        .header(HOST, host.clone())
        .header(COOKIE, cookie.clone())
        .body(Full::new(form.clone()))?;
        let sent_at = Instant::now();
        let answer = async {
            connection.ready().await?;
            let response = connection.send_request(request).await?;
            let status = response.status();
            let body = response.into_body().collect().await?.to_bytes();
            anyhow::Ok(Answer {
                status,
                body,
                latency: sent_at.elapsed(),
            })
        };
        match answer.await {
            Ok(answer) => {
                let in_window = window.contains(Instant::now());
                tally.record(answer, (client, form), in_window);
            }
            Err(error) => {
                tally.lost_connections.push(format!("{error:#}"));
                break;
            }
        }
    }
    Ok(tally)
}

async fn connect(addr: SocketAddr) -> anyhow::Result<SendRequest<Full<Bytes>>> {
    let stream = TcpStream::connect(addr)
        .await
        .with_context(|| format!("connecting to {addr}"))?;
    stream.set_nodelay(true)?;
    let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    // Drives the connection; its errors reach the sender's next request.
    tokio::spawn(connection);
    Ok(sender)
}

/// Differences between the acknowledged votes and what the database holds, if any.
async fn missing_votes(db: &Db, acknowledged: u64) -> anyhow::Result<Vec<String>> {
    let vote_rows: i64 = sqlx::query("select count(*) as n from vote")
        .fetch_one(db.reader())
        .await?
        .try_get("n")?;
    let idea_total: i64 =
        sqlx::query("select cast(coalesce(sum(vote_count), 0) as bigint) as n from idea")
            .fetch_one(db.reader())
            .await?
            .try_get("n")?;
    let acknowledged = i64::try_from(acknowledged)?;
    Ok([
        ("vote rows", vote_rows),
        ("the ideas' vote counts", idea_total),
    ]
    .into_iter()
    .filter(|&(_, stored)| stored != acknowledged)
    .map(|(what, stored)| {
        format!("{acknowledged} votes were acknowledged but {what} add up to {stored}")
    })
    .collect())
}

/// `--serve-database`: the Chorus router on an existing database, its address on the first
/// line of stdout, until the process is killed.
async fn serve_child(database: &std::path::Path) -> anyhow::Result<ExitCode> {
    let db = Db::connect(&sqlite_url(database)).await?;
    let addr = start_chorus(db).await?;
    println!("{addr}");
    std::future::pending::<()>().await;
    Ok(ExitCode::SUCCESS)
}

/// This binary serving `database` in a child process.
async fn spawn_server(database: &std::path::Path) -> anyhow::Result<(Child, SocketAddr)> {
    let mut child = Command::new(std::env::current_exe()?)
        .arg("--serve-database")
        .arg(database)
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .context("starting the server process")?;
    let stdout = child.stdout.take().context("the server's stdout")?;
    let line = BufReader::new(stdout)
        .lines()
        .next_line()
        .await?
        .context("the server process ended before it listened")?;
    Ok((child, line.parse().context("the server's address")?))
}

/// `--crash`: votes arrive, the server is killed with SIGKILL, started again, and what it
/// acknowledged is checked against the database.
async fn crash(args: &Args, database: &std::path::Path) -> anyhow::Result<ExitCode> {
    let voting = VotingRule::Dots {
        budget: CRASH_BUDGET,
        max_per_idea: 1,
    };
    // Only the server process has the database open while it runs, as in production.
    let db = Db::connect(&sqlite_url(database)).await?;
    db.migrate().await?;
    let seed = seed(&db, args.clients, args.ideas, voting)
        .await
        .context("seeding the database")?;
    db.close().await;
    let (mut server, addr) = spawn_server(database).await?;
    let votes = closed_loop(
        addr,
        Route::Form(VOTE_PATH),
        &seed.cookies,
        Duration::from_secs(args.seconds),
        |client| seed.vote_forms(client),
    );
    let kill = async {
        tokio::time::sleep(WARM_UP + CRASH_AFTER).await;
        server.kill().await
    };
    let (votes, killed) = tokio::join!(votes, kill);
    let votes = votes.context("voting")?;
    killed.context("killing the server")?;

    // A restarted server opens the same file (recovering the WAL) and answers again.
    let (mut restarted, addr) = spawn_server(database).await?;
    // Only the status matters: the page itself is not read.
    drop(get_ok(addr, "/sign-in", "text/html", None, "the restarted server").await?);
    restarted.kill().await?;

    let db = Db::connect(&sqlite_url(database)).await?;
    let problems = crash_problems(&db, &seed, &votes, args.clients).await;
    db.close().await;
    let problems = problems?;
    if !problems.is_empty() {
        for problem in problems {
            eprintln!("vote-bench --crash: {problem}");
        }
        return Ok(ExitCode::FAILURE);
    }
    println!(
        "vote-bench --crash: killed after {} acknowledged votes; after a restart every \
         acknowledged vote is stored once and no budget of {CRASH_BUDGET} is exceeded",
        votes.acknowledged
    );
    Ok(ExitCode::SUCCESS)
}

/// What the database holds that contradicts the votes acknowledged before and after the kill.
async fn crash_problems(
    db: &Db,
    seed: &Seed,
    votes: &Tally,
    clients: usize,
) -> anyhow::Result<Vec<String>> {
    let mut problems = Vec::new();
    if votes.lost_connections.is_empty() {
        problems.push("no client noticed the kill; the server was not killed mid-load".into());
    }
    // Budgets are larger than anyone gets through before the kill: every refusal is a fault.
    problems.extend(votes.refusals("vote"));
    let mut per_client = vec![0i64; clients];
    for (client, _) in &votes.acknowledged_forms {
        per_client[*client] += 1;
    }
    if per_client.iter().all(|&cast| cast >= CRASH_BUDGET) {
        problems.push(format!(
            "every budget of {CRASH_BUDGET} ran out before the kill, so no vote was in flight; \
             raise CRASH_BUDGET"
        ));
    }
    problems.extend(stored_vote_problems(db, seed, votes, clients, Some(CRASH_BUDGET)).await?);
    Ok(problems)
}

/// What the database holds that contradicts the acknowledged votes (one per person and idea),
/// given that up to `in_flight` requests may have been stored without their answer arriving.
async fn stored_vote_problems(
    db: &Db,
    seed: &Seed,
    votes: &Tally,
    in_flight: usize,
    budget: Option<i64>,
) -> anyhow::Result<Vec<String>> {
    let mut problems = Vec::new();
    let stored: HashMap<(i64, i64), i64> =
        sqlx::query("select person_id, idea_id, votes from vote where challenge_id = $1")
            .bind(seed.challenge_id)
            .fetch_all(db.reader())
            .await?
            .iter()
            .map(|row| {
                Ok((
                    (row.try_get("person_id")?, row.try_get("idea_id")?),
                    row.try_get("votes")?,
                ))
            })
            .collect::<Result<_, sqlx::Error>>()?;
    let mut acknowledged = HashSet::new();
    for (client, form) in &votes.acknowledged_forms {
        let idea_id: i64 = std::str::from_utf8(form)?
            .split('&')
            .find_map(|pair| pair.strip_prefix("idea_id="))
            .context("a vote form without idea_id")?
            .parse()?;
        acknowledged.insert((seed.member_ids[*client], idea_id));
    }
    let missing = acknowledged
        .iter()
        .filter(|vote| !stored.contains_key(vote))
        .count();
    if missing > 0 {
        problems.push(format!("{missing} acknowledged votes are missing"));
    }
    let unacknowledged = stored.len() - (acknowledged.len() - missing);
    if unacknowledged > in_flight {
        problems.push(format!(
            "{unacknowledged} stored votes were never acknowledged (at most {in_flight} were in flight)"
        ));
    }
    if let Some(((person, idea), votes)) = stored.iter().find(|&(_, &votes)| votes != 1) {
        problems.push(format!(
            "person {person} has {votes} votes on idea {idea}; at most 1 was cast"
        ));
    }
    let mut used: HashMap<i64, i64> = HashMap::new();
    for ((person, _), votes) in &stored {
        *used.entry(*person).or_default() += votes;
    }
    if let Some(budget) = budget {
        if let Some((person, total)) = used.iter().find(|&(_, &total)| total > budget) {
            problems.push(format!(
                "person {person} has {total} votes stored, over the budget of {budget}"
            ));
        }
    }
    let counted: i64 = sqlx::query(
        "select cast(coalesce(sum(vote_count), 0) as bigint) as n from idea where challenge_id = $1",
    )
    .bind(seed.challenge_id)
    .fetch_one(db.reader())
    .await?
    .try_get("n")?;
    let stored_total: i64 = stored.values().sum();
    if counted != stored_total {
        problems.push(format!(
            "the ideas' vote counts add up to {counted} but {stored_total} votes are stored"
        ));
    }
    Ok(problems)
}

/// Streams opened at a time, within the server's listen backlog.
const LIVE_CONNECT_BATCH: usize = 500;

/// `--live-subscribers`: `subscribers` event streams on one challenge of a server in a child
/// process; its resident memory with all of them open, and when one vote reaches each.
async fn live(subscribers: usize, database: &std::path::Path) -> anyhow::Result<ExitCode> {
    let db = Db::connect(&sqlite_url(database)).await?;
    db.migrate().await?;
    let seed = seed(&db, 1, 1, VotingRule::OnePerIdea)
        .await
        .context("seeding the database")?;
    db.close().await;
    let (mut server, addr) = spawn_server(database).await?;
    let server_pid = server.id().context("the server's process id")?;
    let cookie = seed.cookies[0].clone();
    let path = format!("/api/live/challenges/{}", seed.challenge_id);

    let (arrived, mut arrivals) = tokio::sync::mpsc::unbounded_channel::<Instant>();
    let mut streams = JoinSet::new();
    for batch_start in (0..subscribers).step_by(LIVE_CONNECT_BATCH) {
        let mut opening = JoinSet::new();
        for _ in batch_start..(batch_start + LIVE_CONNECT_BATCH).min(subscribers) {
            opening.spawn(open_stream(addr, path.clone(), cookie.clone()));
        }
        while let Some(opened) = opening.join_next().await {
            let body = opened??;
            let arrived = arrived.clone();
            streams.spawn(async move {
                if let Some(instant) = first_votes_event(body).await {
                    let _ = arrived.send(instant);
                }
            });
        }
    }
    drop(arrived);
    // Let the server settle before reading its memory.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_mib = resident_mib(server_pid)?;

    let mut connection = connect(addr).await?;
    let form = seed.vote_forms(0).next().context("an idea to vote on")?;
    let sent_at = Instant::now();
    let answer = connection
        .send_request(
            Request::post(VOTE_PATH)
                .header(HOST, addr.to_string())
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(ACCEPT, "application/json")
                .header(COOKIE, cookie)
                .body(Full::new(form))?,
        )
        .await?;
    anyhow::ensure!(
        answer.status() == StatusCode::OK,
        "the vote was answered {}",
        answer.status()
    );
    let mut latencies = Vec::with_capacity(subscribers);
    let deadline = tokio::time::sleep(Duration::from_secs(10));
    tokio::pin!(deadline);
    while latencies.len() < subscribers {
        tokio::select! {
            arrival = arrivals.recv() => match arrival {
                Some(instant) => latencies.push(instant - sent_at),
                None => break,
            },
            _ = &mut deadline => break,
        }
    }
    server.kill().await?;
    streams.abort_all();
    if latencies.len() < subscribers {
        eprintln!(
            "vote-bench --live-subscribers: only {} of {subscribers} streams got the vote within 10 s",
            latencies.len()
        );
        return Ok(ExitCode::FAILURE);
    }
    latencies.sort_unstable();
    println!("bench live_subscribers {subscribers} streams");
    println!("bench live_rss_mib {rss_mib:.1} MiB");
    println!(
        "bench live_fanout_p99_ms {:.1} ms",
        percentile_ms(&latencies, 0.99)?
    );
    Ok(ExitCode::SUCCESS)
}

/// Opens one event stream, as a browser on the challenge page does.
async fn open_stream(
    addr: SocketAddr,
    path: String,
    cookie: HeaderValue,
) -> anyhow::Result<hyper::body::Incoming> {
    get_ok(
        addr,
        &path,
        "text/event-stream",
        Some(cookie),
        "the event stream",
    )
    .await
}

/// GETs `path` on a connection of its own, asking for `accept`, and fails unless the answer is
/// 200 (`what` names the request in the error); returns the body, still arriving.
async fn get_ok(
    addr: SocketAddr,
    path: &str,
    accept: &'static str,
    cookie: Option<HeaderValue>,
    what: &str,
) -> anyhow::Result<hyper::body::Incoming> {
    let mut request = Request::get(path)
        .header(HOST, addr.to_string())
        .header(ACCEPT, accept);
    if let Some(cookie) = cookie {
        request = request.header(COOKIE, cookie);
    }
    let response = connect(addr)
        .await?
        .send_request(request.body(Full::new(Bytes::new()))?)
        .await?;
    anyhow::ensure!(
        response.status() == StatusCode::OK,
        "{what} was answered {}",
        response.status()
    );
    Ok(response.into_body())
}

/// When the stream delivered its first vote totals, if it did before it ended.
async fn first_votes_event(mut body: hyper::body::Incoming) -> Option<Instant> {
    while let Some(Ok(frame)) = body.frame().await {
        if frame
            .data_ref()
            .is_some_and(|data| String::from_utf8_lossy(data).contains("votes"))
        {
            return Some(Instant::now());
        }
    }
    None
}

/// The resident memory of process `pid`, from /proc.
fn resident_mib(pid: u32) -> anyhow::Result<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let kib: f64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .context("VmRSS in /proc/PID/status")?;
    Ok(kib / 1024.0)
}
