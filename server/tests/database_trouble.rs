//! A database that refuses changes or has no room left: people get a 503 saying so, reading
//! goes on, nothing acknowledged is missing, and writing works again once the database does.
//!
//! SQLite only: its one writer connection can be made read-only (`query_only`) or full
//! (`max_page_count`) from the test. PostgreSQL's outage is covered by `vote-bench
//! --postgres-restart` in `make test`.

mod common;

use app::{
    model::{Role, VotingRule},
    server::{
        clock::{now_ms, DAY_MS},
        db::{test_support, Backend},
    },
};
use common::TestApp;
use http::StatusCode;
use sqlx::Row;

struct Scene {
    app: TestApp,
    member: String,
    challenge: String,
    idea: String,
}

async fn scene() -> Option<Scene> {
    let app = TestApp::new().await;
    if app.db().backend() != Backend::Sqlite {
        eprintln!("skipped: the writer connection is only SQLite's");
        return None;
    }
    let member = app.session(Role::Member).await;
    let now = now_ms();
    let challenge =
        test_support::challenge(app.db(), VotingRule::OnePerIdea, now - DAY_MS, now + DAY_MS).await;
    let author = app.person_id(Role::Member).await;
    let idea = test_support::ideas(app.db(), challenge, author, 1).await[0];
    Some(Scene {
        app,
        member,
        challenge: challenge.to_string(),
        idea: idea.to_string(),
    })
}

impl Scene {
    async fn vote(&self, votes: &str) -> common::Answer {
        let form = format!(
            "challenge_id={}&idea_id={}&votes={votes}",
            self.challenge, self.idea
        );
        self.app
            .call("/api/votes/set", &form, Some(&self.member))
            .await
    }

    async fn submit_idea(&self, title: &str, body: &str) -> common::Answer {
        let form = format!("challenge_id={}&title={title}&body={body}", self.challenge);
        self.app
            .call("/api/ideas/submit", &form, Some(&self.member))
            .await
    }

    /// Runs a pragma on SQLite's single writer connection, which every write goes through.
    async fn writer_pragma(&self, pragma: &str) {
        sqlx::query(sqlx::AssertSqlSafe(format!("pragma {pragma}")))
            .execute(self.app.db().writer())
            .await
            .unwrap();
    }

    async fn count(&self, sql: &'static str) -> i64 {
        sqlx::query(sql)
            .fetch_one(self.app.db().reader())
            .await
            .unwrap()
            .try_get("n")
            .unwrap()
    }
}

fn assert_unavailable(answer: &common::Answer, says: &str) {
    assert_eq!(
        answer.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        answer.body
    );
    assert!(answer.body.contains(says), "{}", answer.body);
    assert!(answer.body.contains("nothing was"), "{}", answer.body);
}

#[tokio::test]
async fn a_read_only_database_refuses_changes_with_a_message_and_recovers() {
    let Some(scene) = scene().await else { return };
    assert_eq!(scene.vote("1").await.status, StatusCode::OK);

    scene.writer_pragma("query_only = on").await;
    assert_unavailable(&scene.vote("0").await, "can only read");
    assert_unavailable(
        &scene.submit_idea("Refused", "While read-only").await,
        "can only read",
    );
    // Reading goes on, and shows what was stored before.
    let page = scene
        .app
        .get(
            &format!("/challenges/{}", scene.challenge),
            Some(&scene.member),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Idea number 0"),
        "the stored idea is shown"
    );

    scene.writer_pragma("query_only = off").await;
    assert_eq!(
        scene.submit_idea("Accepted", "Writable again").await.status,
        StatusCode::OK
    );
    assert_eq!(scene.count("select count(*) as n from idea").await, 2);
    assert_eq!(
        scene
            .count("select cast(sum(votes) as bigint) as n from vote")
            .await,
        1,
        "the vote acknowledged before is kept; the refused withdrawal changed nothing"
    );
}

#[tokio::test]
async fn a_full_disk_refuses_what_does_not_fit_and_keeps_what_was_acknowledged() {
    let Some(scene) = scene().await else { return };
    let pages = scene
        .count("select page_count as n from pragma_page_count()")
        .await;
    scene
        .writer_pragma(&format!("max_page_count = {pages}"))
        .await;
    // Nine thousand characters need pages the database may no longer take.
    let long_body = "Room".repeat(2_250);
    assert_unavailable(
        &scene.submit_idea("Too big", &long_body).await,
        "out of storage space",
    );
    // A vote may still fit in a page that has room; either way the answer tells the truth.
    let vote = scene.vote("1").await;
    let stored = scene
        .count("select cast(coalesce(sum(votes), 0) as bigint) as n from vote")
        .await;
    match vote.status {
        StatusCode::OK => assert_eq!(stored, 1, "an acknowledged vote is stored"),
        _ => {
            assert_unavailable(&vote, "out of storage space");
            assert_eq!(stored, 0, "a refused vote is not stored");
        }
    }

    scene.writer_pragma("max_page_count = 1073741823").await;
    assert_eq!(
        scene.submit_idea("Fits", &long_body).await.status,
        StatusCode::OK
    );
    assert_eq!(scene.count("select count(*) as n from idea").await, 2);
}
