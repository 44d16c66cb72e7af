//! A fresh, migrated database per test, on the backend the test run asks for.
//!
//! `CHORUS_TEST_POSTGRES_URL` (a server URL whose user may create databases) switches the DB
//! tests from SQLite temp files to PostgreSQL; `make test` runs the suite both ways.

use std::sync::atomic::{AtomicU32, Ordering};

use super::{people::PersonRecord, Db};
use crate::model::Role;

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
