//! The moderation board over HTTP: only a challenge's moderators (and leaders and admins) may
//! use it, bad input is refused with a message, and a change shows on the board.

mod common;

use app::{
    model::{Board, Role, VotingRule},
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
