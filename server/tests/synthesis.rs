//! The synthesis over HTTP: members see it only once published, moderators preview and
//! publish after the challenge closes, and the downloads are a valid SVG, PNG and one-page PDF.

mod common;

use app::{
    model::{Role, SynthesisView, VotingRule},
    server::{
        clock::{now_ms, DAY_MS},
        db::test_support,
    },
};
use common::TestApp;
use http::StatusCode;

#[tokio::test]
async fn a_synthesis_is_published_after_closing_and_downloads_parse() {
    let app = TestApp::new().await;
    let now = now_ms();
    let open =
        test_support::challenge(app.db(), VotingRule::OnePerIdea, now - DAY_MS, now + DAY_MS).await;
    let closed = test_support::challenge(
        app.db(),
        VotingRule::OnePerIdea,
        now - 3 * DAY_MS,
        now - DAY_MS,
    )
    .await;
    let member = app.person_id(Role::Member).await;
    test_support::ideas(app.db(), closed, member, 4).await;
    let member_session = app.session(Role::Member).await;
    let leader_session = app.session(Role::Leader).await;
    let form = format!("challenge_id={closed}");

    let unpublished = app
        .call("/api/synthesis/get", &form, Some(&member_session))
        .await;
    assert_eq!(unpublished.status, StatusCode::NOT_FOUND);
    assert!(unpublished.body.contains("not been published yet"));
    let early = app
        .call(
            "/api/synthesis/publish",
            &format!("challenge_id={open}"),
            Some(&leader_session),
        )
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    let by_member = app
        .call("/api/synthesis/publish", &form, Some(&member_session))
        .await;
    assert_eq!(by_member.status, StatusCode::FORBIDDEN);

    let summary = app
        .call(
            "/api/synthesis/summary",
            &format!("challenge_id={closed}&summary=**Four** ideas."),
            Some(&leader_session),
        )
        .await;
    assert_eq!(summary.status, StatusCode::OK, "{}", summary.body);
    let published = app
        .call("/api/synthesis/publish", &form, Some(&leader_session))
        .await;
    assert_eq!(published.body, "1");
    let seen = app
        .call("/api/synthesis/get", &form, Some(&member_session))
        .await;
    assert_eq!(seen.status, StatusCode::OK, "{}", seen.body);
    let seen: SynthesisView = serde_json::from_str(&seen.body).unwrap();
    assert_eq!(seen.infographic.figures.ideas, 4);
    assert_eq!(
        seen.your_part.as_deref(),
        Some("Your 4 ideas landed in Other ideas.")
    );
    assert!(seen.svg.contains("data-you=\"true\""));

    let file = |name: &str| format!("/api/challenges/{closed}/synthesis/{name}");
    let svg = app
        .get(&file("infographic.svg"), Some(&member_session))
        .await;
    assert_eq!(svg.status, StatusCode::OK);
    let document = roxmltree::Document::parse(&svg.body).expect("well-formed SVG");
    assert_eq!(document.root_element().tag_name().name(), "svg");
    assert!(!svg.body.contains("data-you"), "downloads mark nobody");

    let png = app
        .get_bytes(&file("infographic.png?paper=a3"), Some(&member_session))
        .await;
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let info = decoder.read_info().expect("a PNG").info().clone();
    assert!(info.width > info.height, "landscape");

    let pdf = app
        .get_bytes(&file("infographic.pdf"), Some(&member_session))
        .await;
    let document = lopdf::Document::load_mem(&pdf).expect("a PDF");
    assert_eq!(document.get_pages().len(), 1);

    let refused = app.get(&file("export.csv"), Some(&member_session)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let csv = app.get(&file("export.csv"), Some(&leader_session)).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.body.lines().count(), 5, "a header and four ideas");
    let unknown = app
        .get(&file("infographic.gif"), Some(&leader_session))
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let anonymous = app.get(&file("infographic.svg"), None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}
