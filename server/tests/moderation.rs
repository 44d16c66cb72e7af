//! The moderation board over HTTP: only a challenge's moderators (and leaders and admins) may
//! use it, bad input is refused with a message, and a change shows on the board.

mod common;

use app::{
    model::{Board, Role, SuggestedTheme, VotingRule},
    server::{
        clock::{now_ms, DAY_MS},
        db::test_support,
    },
};
use common::TestApp;
use http::StatusCode;

#[tokio::test]
async fn only_assigned_moderators_leaders_and_admins_use_the_board() {
    let app = TestApp::new().await;
    let now = now_ms();
    let challenge =
        test_support::challenge(app.db(), VotingRule::OnePerIdea, now - DAY_MS, now + DAY_MS).await;
    let member = app.person_id(Role::Member).await;
    let ideas = test_support::ideas(app.db(), challenge, member, 2).await;
    let board_form = format!("challenge_id={challenge}");
    let member_session = app.session(Role::Member).await;
    let moderator_session = app.session(Role::Moderator).await;

    let refused = app
        .call("/api/moderation/board", &board_form, Some(&member_session))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("Only this challenge's moderators"));
    // The moderator role alone is not enough: a leader assigns them to this challenge.
    let unassigned = app
        .call(
            "/api/moderation/board",
            &board_form,
            Some(&moderator_session),
        )
        .await;
    assert_eq!(unassigned.status, StatusCode::FORBIDDEN);
    let moderator = app.person_id(Role::Moderator).await;
    let assign = format!("challenge_id={challenge}&person_id={moderator}&assigned=true");
    let by_member = app
        .call("/api/moderation/assign", &assign, Some(&member_session))
        .await;
    assert_eq!(by_member.status, StatusCode::FORBIDDEN);
    let leader_session = app.session(Role::Leader).await;
    let assigned = app
        .call("/api/moderation/assign", &assign, Some(&leader_session))
        .await;
    assert_eq!(assigned.status, StatusCode::OK, "{}", assigned.body);

    let bad_colour = app
        .call(
            "/api/moderation/create_theme",
            &format!("challenge_id={challenge}&name=Pay&colour=red"),
            Some(&moderator_session),
        )
        .await;
    assert_eq!(bad_colour.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_colour.body.contains("#2a9d8f"), "{}", bad_colour.body);
    let created = app
        .call(
            "/api/moderation/create_theme",
            &format!("challenge_id={challenge}&name=Pay&colour=%232A9D8F"),
            Some(&moderator_session),
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let theme_id: i64 = created.body.parse().unwrap();
    let moved = app
        .call(
            "/api/moderation/move",
            &format!(
                "challenge_id={challenge}&idea_ids[0]={}&idea_ids[1]={}&theme_id={theme_id}",
                ideas[0], ideas[1]
            ),
            Some(&moderator_session),
        )
        .await;
    assert_eq!(moved.body, "2");

    let board = app
        .call(
            "/api/moderation/board",
            &board_form,
            Some(&moderator_session),
        )
        .await;
    assert_eq!(board.status, StatusCode::OK);
    let board: Board = serde_json::from_str(&board.body).unwrap();
    assert_eq!(board.themes[0].colour, "#2a9d8f");
    assert!(board
        .ideas
        .iter()
        .all(|idea| idea.theme_id == Some(theme_id)));
    assert_eq!(
        board.undo.as_deref(),
        Some("Moved 2 ideas to \u{201c}Pay\u{201d}")
    );
    assert_eq!(board.log.len(), 2);
    // A merge needs two different ideas of this challenge.
    let self_merge = app
        .call(
            "/api/moderation/merge",
            &format!("challenge_id={challenge}&target={0}&source={0}", ideas[0]),
            Some(&moderator_session),
        )
        .await;
    assert_eq!(self_merge.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn members_report_and_moderators_suggest_accept_merge_and_hide() {
    let app = TestApp::new().await;
    let now = now_ms();
    let challenge =
        test_support::challenge(app.db(), VotingRule::OnePerIdea, now - DAY_MS, now + DAY_MS).await;
    let member = app.person_id(Role::Member).await;
    let ideas = test_support::ideas(app.db(), challenge, member, 3).await;
    let member_session = app.session(Role::Member).await;
    let admin_session = app.session(Role::Admin).await;
    let leader_session = app.session(Role::Leader).await;

    let report = |reason: &str| {
        format!(
            "challenge_id={challenge}&idea_id={}&reason={reason}",
            ideas[2]
        )
    };
    let empty = app
        .call("/api/moderation/report", &report("+"), Some(&admin_session))
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("reason"), "{}", empty.body);
    let filed = app
        .call(
            "/api/moderation/report",
            &report("Spam"),
            Some(&admin_session),
        )
        .await;
    assert_eq!(filed.status, StatusCode::OK, "{}", filed.body);

    let suggest = format!("challenge_id={challenge}&count=2");
    let refused = app
        .call("/api/moderation/suggest", &suggest, Some(&member_session))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let too_many = app
        .call(
            "/api/moderation/suggest",
            &format!("challenge_id={challenge}&count=0"),
            Some(&leader_session),
        )
        .await;
    assert_eq!(too_many.status, StatusCode::UNPROCESSABLE_ENTITY);
    let suggested = app
        .call("/api/moderation/suggest", &suggest, Some(&leader_session))
        .await;
    assert_eq!(suggested.status, StatusCode::OK, "{}", suggested.body);
    let suggested: Vec<SuggestedTheme> = serde_json::from_str(&suggested.body).unwrap();
    // The test ideas differ only by a number, so they may form one theme; each is in one.
    let mut suggested_ideas: Vec<i64> = suggested
        .iter()
        .flat_map(|theme| theme.idea_ids.clone())
        .collect();
    suggested_ideas.sort();
    assert_eq!(suggested_ideas, ideas);

    let nothing = app
        .call_json(
            "/api/moderation/accept",
            &format!(r#"{{"challenge_id":{challenge},"themes":[]}}"#),
            Some(&leader_session),
        )
        .await;
    assert_eq!(nothing.status, StatusCode::UNPROCESSABLE_ENTITY);
    let accepted = app
        .call_json(
            "/api/moderation/accept",
            &format!(
                r#"{{"challenge_id":{challenge},"themes":[{{"name":"Renamed","idea_ids":[{}]}}]}}"#,
                ideas[0]
            ),
            Some(&leader_session),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);

    let hidden = app
        .call(
            "/api/moderation/hide",
            &format!(
                "challenge_id={challenge}&idea_id={}&reason=Off-topic",
                ideas[2]
            ),
            Some(&leader_session),
        )
        .await;
    assert_eq!(hidden.status, StatusCode::OK, "{}", hidden.body);
    let merged = app
        .call(
            "/api/moderation/merge",
            &format!(
                "challenge_id={challenge}&target={}&source={}",
                ideas[0], ideas[1]
            ),
            Some(&leader_session),
        )
        .await;
    assert_eq!(merged.status, StatusCode::OK, "{}", merged.body);
    let board = app
        .call(
            "/api/moderation/board",
            &format!("challenge_id={challenge}"),
            Some(&leader_session),
        )
        .await;
    let board: Board = serde_json::from_str(&board.body).unwrap();
    assert!(board.reports.is_empty(), "hiding closed the report");
    assert_eq!(board.themes[0].name, "Renamed");
    assert_eq!(board.ideas.len(), 2, "the merged idea left the board");

    // The merged idea's address leads to the idea it joined.
    let old_link = app
        .get(
            &format!("/challenges/{challenge}/ideas/{}", ideas[1]),
            Some(&member_session),
        )
        .await;
    assert!(old_link.status.is_redirection(), "{}", old_link.status);
    assert_eq!(
        old_link
            .headers
            .get(http::header::LOCATION)
            .and_then(|location| location.to_str().ok()),
        Some(format!("/challenges/{challenge}/ideas/{}", ideas[0]).as_str())
    );
    // The hidden idea: its author sees why; others find nothing.
    let hidden_path = format!("/challenges/{challenge}/ideas/{}", ideas[2]);
    let author_view = app.get(&hidden_path, Some(&member_session)).await;
    assert_eq!(author_view.status, StatusCode::OK);
    let notice = author_view.body.split("A moderator hid this idea: ").nth(1);
    assert!(
        notice.is_some_and(|rest| rest.replace("<!>", "").starts_with("Off-topic")),
        "{}",
        author_view.body
    );
    let moderator_session = app.session(Role::Moderator).await;
    let other_view = app.get(&hidden_path, Some(&moderator_session)).await;
    assert_eq!(other_view.status, StatusCode::NOT_FOUND);
}
