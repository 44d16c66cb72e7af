//! Challenges, ideas, comments and votes over HTTP: bad input gets a 4xx with a message a
//! person can act on, and nothing already stored is lost.

mod common;

use app::{
    model::{Role, VotingRule},
    server::{
        clock::{now_ms, DAY_MS},
        db::test_support,
    },
};
use common::TestApp;
use http::StatusCode;

/// An open challenge for everyone with one idea by the member; returns (challenge, idea).
async fn open_challenge(app: &TestApp) -> (i64, i64) {
    let now = now_ms();
    let challenge =
        test_support::challenge(app.db(), VotingRule::OnePerIdea, now - DAY_MS, now + DAY_MS).await;
    let member = app.person_id(Role::Member).await;
    let idea = test_support::ideas(app.db(), challenge, member, 1).await[0];
    (challenge, idea)
}

fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(key, value)| {
            let value: String = value
                .bytes()
                .map(|byte| match byte {
                    b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => (byte as char).to_string(),
                    _ => format!("%{byte:02X}"),
                })
                .collect();
            format!("{key}={value}")
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[tokio::test]
async fn bad_ideas_are_refused_with_the_rule_they_break() {
    let app = TestApp::new().await;
    let member = app.session(Role::Member).await;
    let (challenge, _) = open_challenge(&app).await;
    let id = challenge.to_string();
    let long_title = "x".repeat(121);
    let cases = [
        (
            long_title.as_str(),
            "A body",
            "The title can be at most 120 characters; it has 121.",
        ),
        ("A title", "   ", "The description cannot be empty."),
        ("", "A body", "The title cannot be empty."),
    ];
    for (title, body, message) in cases {
        let answer = app
            .call(
                "/api/ideas/submit",
                &form(&[("challenge_id", &id), ("title", title), ("body", body)]),
                Some(&member),
            )
            .await;
        assert_eq!(
            answer.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            answer.body
        );
        assert!(answer.body.contains(message), "{}", answer.body);
    }
    let long_body = "y".repeat(10_001);
    let answer = app
        .call(
            "/api/ideas/submit",
            &form(&[
                ("challenge_id", &id),
                ("title", "Fine"),
                ("body", &long_body),
            ]),
            Some(&member),
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        answer.body.contains("at most 10000 characters"),
        "{}",
        answer.body
    );
}

#[tokio::test]
async fn a_failed_edit_keeps_the_stored_idea() {
    let app = TestApp::new().await;
    let member = app.session(Role::Member).await;
    let (challenge, idea) = open_challenge(&app).await;
    let (challenge, idea) = (challenge.to_string(), idea.to_string());
    let answer = app
        .call(
            "/api/ideas/edit",
            &form(&[
                ("challenge_id", &challenge),
                ("idea_id", &idea),
                ("title", "New"),
                ("body", ""),
            ]),
            Some(&member),
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    let stored = app
        .call(
            "/api/ideas/get",
            &form(&[("challenge_id", &challenge), ("idea_id", &idea)]),
            Some(&member),
        )
        .await;
    assert_eq!(stored.status, StatusCode::OK);
    assert!(stored.body.contains("Idea number 0"), "{}", stored.body);
    // Someone else's idea cannot be edited.
    let admin = app.session(Role::Admin).await;
    let answer = app
        .call(
            "/api/ideas/edit",
            &form(&[
                ("challenge_id", &challenge),
                ("idea_id", &idea),
                ("title", "Mine"),
                ("body", "b"),
            ]),
            Some(&admin),
        )
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert!(answer.body.contains("Only the author"), "{}", answer.body);
}

#[tokio::test]
async fn votes_on_a_closed_challenge_are_refused() {
    let app = TestApp::new().await;
    let member = app.session(Role::Member).await;
    let now = now_ms();
    let closed = test_support::challenge(
        app.db(),
        VotingRule::OnePerIdea,
        now - 2 * DAY_MS,
        now - DAY_MS,
    )
    .await;
    let author = app.person_id(Role::Member).await;
    let idea = test_support::ideas(app.db(), closed, author, 1).await[0];
    let answer = app
        .call(
            "/api/votes/set",
            &form(&[
                ("challenge_id", &closed.to_string()),
                ("idea_id", &idea.to_string()),
                ("votes", "1"),
            ]),
            Some(&member),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CONFLICT, "{}", answer.body);
    assert!(answer.body.contains("closed at"), "{}", answer.body);
    assert!(
        answer.body.contains("can no longer vote"),
        "{}",
        answer.body
    );
}

#[tokio::test]
async fn an_idea_is_only_found_through_its_own_challenge() {
    let app = TestApp::new().await;
    let member = app.session(Role::Member).await;
    let (_, idea) = open_challenge(&app).await;
    let (other, _) = open_challenge(&app).await;
    let (other, idea) = (other.to_string(), idea.to_string());
    for (path, extra) in [
        ("/api/votes/set", ("votes", "1")),
        ("/api/comments/post", ("body", "Nice")),
        ("/api/ideas/get", ("unused", "")),
    ] {
        let answer = app
            .call(
                path,
                &form(&[("challenge_id", &other), ("idea_id", &idea), extra]),
                Some(&member),
            )
            .await;
        assert_eq!(
            answer.status,
            StatusCode::NOT_FOUND,
            "{path}: {}",
            answer.body
        );
        assert!(
            answer.body.contains("no such idea in this challenge"),
            "{path}: {}",
            answer.body
        );
    }
    let answer = app
        .call("/api/challenges/get", "challenge_id=424242", Some(&member))
        .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_comment_notifies_the_idea_author_and_counts_live() {
    let app = TestApp::new().await;
    let (challenge, idea) = open_challenge(&app).await;
    let leader = app.session(Role::Leader).await;
    let answer = app
        .call(
            "/api/comments/post",
            &form(&[
                ("challenge_id", &challenge.to_string()),
                ("idea_id", &idea.to_string()),
                ("body", "Good **point**"),
            ]),
            Some(&leader),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let member = app.session(Role::Member).await;
    let unread = app
        .call("/api/notifications/unread", "", Some(&member))
        .await;
    assert_eq!(unread.body, "1");
    let list = app.call("/api/notifications/list", "", Some(&member)).await;
    assert!(list.body.contains("\"kind\":\"comment\""), "{}", list.body);
    let detail = app
        .call(
            "/api/ideas/get",
            &form(&[
                ("challenge_id", &challenge.to_string()),
                ("idea_id", &idea.to_string()),
            ]),
            Some(&member),
        )
        .await;
    assert!(
        detail.body.contains("<strong>point</strong>"),
        "{}",
        detail.body
    );
}

#[tokio::test]
async fn live_events_need_a_session_and_a_visible_challenge() {
    let app = TestApp::new().await;
    let (challenge, _) = open_challenge(&app).await;
    let path = format!("/api/live/challenges/{challenge}");
    assert_eq!(app.get(&path, None).await.status, StatusCode::UNAUTHORIZED);
    let member = app.session(Role::Member).await;
    let missing = app.get("/api/live/challenges/424242", Some(&member)).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn people_outside_the_audience_cannot_take_part() {
    let app = TestApp::new().await;
    let (challenge, idea) = open_challenge(&app).await;
    // Everyone in the test organisation is in HR; this challenge is for Sales.
    sqlx::query(
        "insert into challenge_audience (challenge_id, kind, name) values ($1, 'department', 'Sales')",
    )
    .bind(challenge)
    .execute(app.db().writer())
    .await
    .unwrap();
    let vote = form(&[
        ("challenge_id", &challenge.to_string()),
        ("idea_id", &idea.to_string()),
        ("votes", "1"),
    ]);
    // A member does not even see it; a leader sees it but is not invited to vote.
    let member = app.session(Role::Member).await;
    let answer = app.call("/api/votes/set", &vote, Some(&member)).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND, "{}", answer.body);
    let leader = app.session(Role::Leader).await;
    let answer = app.call("/api/votes/set", &vote, Some(&leader)).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    assert!(
        answer.body.contains("open to Sales only"),
        "{}",
        answer.body
    );
}
