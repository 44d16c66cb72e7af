//! A fresh, migrated database per test, on the backend the test run asks for.
//!
//! `CHORUS_TEST_POSTGRES_URL` (a server URL whose user may create databases) switches the DB
//! tests from SQLite temp files to PostgreSQL; `make test` runs the suite both ways.

use std::sync::atomic::{AtomicU32, Ordering};

use super::{challenges::ChallengeRecord, people::PersonRecord, Db};
use crate::model::{Audience, Role, VotingRule};

/// A database that exists for one test. SQLite files live in a temp folder removed on drop;
/// PostgreSQL test databases are named `chorus_test_<pid>_<n>` and dropped by the next run.
pub struct TestDb {
    pub db: Db,
    _folder: Option<TempFolder>,
}

struct TempFolder(std::path::PathBuf);

impl Drop for TempFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

pub async fn fresh_db() -> TestDb {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = format!("chorus_test_{}_{n}", std::process::id());
    match std::env::var("CHORUS_TEST_POSTGRES_URL") {
        Ok(server_url) => {
            let admin = Db::connect(&server_url)
                .await
                .expect("test PostgreSQL reachable");
            // The name is ours (pid and counter), not input.
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "drop database if exists {name}"
            )))
            .execute(admin.writer())
            .await
            .expect("drop old test database");
            sqlx::query(sqlx::AssertSqlSafe(format!("create database {name}")))
                .execute(admin.writer())
                .await
                .expect("create test database");
            admin.close().await;
            let base = server_url
                .rsplit_once('/')
                .map(|(base, _)| base)
                .expect("postgres URL with a database name");
            let db = Db::connect(&format!("{base}/{name}"))
                .await
                .expect("connect test db");
            db.migrate().await.expect("migrate test db");
            TestDb { db, _folder: None }
        }
        Err(_) => {
            let folder = std::env::temp_dir().join(name);
            let url = format!("sqlite://{}/chorus.db", folder.display());
            let db = Db::connect(&url).await.expect("open test SQLite");
            db.migrate().await.expect("migrate test db");
            TestDb {
                db,
                _folder: Some(TempFolder(folder)),
            }
        }
    }
}

/// A person with just an email and a role, for tests that need someone to exist.
pub fn person_record(email: &str, role: Role) -> PersonRecord {
    PersonRecord {
        display_name: email.to_owned(),
        email: email.to_owned(),
        role,
        department: "Engineering".into(),
        region: "EMEA".into(),
        manager_id: None,
    }
}

/// Inserts `count` members (emails `member<n>@chorus.test`, departments alternating HR and
/// Sales, all in EMEA) and returns their ids.
pub async fn members(db: &Db, count: usize) -> Vec<i64> {
    let mut ids = Vec::with_capacity(count);
    for n in 0..count {
        let mut record = person_record(&format!("member{n}@chorus.test"), Role::Member);
        record.department = if n % 2 == 0 { "HR" } else { "Sales" }.into();
        ids.push(
            super::people::insert(db.writer(), &record, 0)
                .await
                .expect("insert member"),
        );
    }
    ids
}

/// A challenge open from `opens_at` to `closes_at` with the given rule, sponsored by a new
/// leader, for everyone; returns its id.
pub async fn challenge(db: &Db, voting: VotingRule, opens_at: i64, closes_at: i64) -> i64 {
    let leader = super::people::insert(
        db.writer(),
        &person_record(
            &format!("leader{opens_at}-{closes_at}@chorus.test"),
            Role::Leader,
        ),
        0,
    )
    .await
    .expect("insert leader");
    let record = ChallengeRecord {
        title: "HR in 2030".into(),
        question: "What is one thing HR should do differently?".into(),
        brief: String::new(),
        sponsor_id: leader,
        opens_at,
        closes_at,
        voting,
        hide_authors: false,
        audience: Audience::default(),
    };
    let mut tx = db.begin().await.expect("begin");
    let id = super::challenges::insert(&mut tx, &record, leader, opens_at)
        .await
        .expect("insert challenge");
    tx.commit().await.expect("commit");
    id
}

/// `count` ideas by `author` in the challenge, created one minute apart; returns their ids.
pub async fn ideas(db: &Db, challenge_id: i64, author: i64, count: usize) -> Vec<i64> {
    let mut ids = Vec::with_capacity(count);
    for n in 0..count {
        let title = format!("Idea number {n}");
        let body = format!("Description of idea {n}.");
        ids.push(
            super::ideas::insert(
                db.writer(),
                challenge_id,
                author,
                &title,
                &body,
                n as i64 * 60_000,
            )
            .await
            .expect("insert idea"),
        );
    }
    ids
}
