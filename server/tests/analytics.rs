//! Analytics over HTTP: what people do through the app is recorded, figures and their CSVs are
//! for everyone signed in, and per-person lists (page and CSV) only for leaders and admins.

mod common;

use app::{
    model::{Role, VotingRule},
    server::{
        clock::{now_ms, DAY_MS},
        db::{
            self,
            analytics::{ChallengeAct, Windows},
            test_support,
        },
    },
};
use common::TestApp;
use http::StatusCode;

#[tokio::test]
async fn using_the_app_is_recorded_once_per_day() {
    let app = TestApp::new().await;
    let now = now_ms();
    let today = now.div_euclid(DAY_MS);
    let challenge =
        test_support::challenge(app.db(), VotingRule::OnePerIdea, now - DAY_MS, now + DAY_MS).await;
    let leader = app.person_id(Role::Leader).await;
    let idea = test_support::ideas(app.db(), challenge, leader, 1).await[0];
    let member = app.person_id(Role::Member).await;
    let session = app.session(Role::Member).await;
    for _ in 0..3 {
        let page = app
            .call(
                "/api/challenges/get",
                &format!("challenge_id={challenge}"),
                Some(&session),
            )
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    }
    let vote = app
        .call(
            "/api/votes/set",
            &format!("challenge_id={challenge}&idea_id={idea}&votes=1"),
            Some(&session),
        )
        .await;
    assert_eq!(vote.status, StatusCode::OK, "{}", vote.body);
    app.activity.flush(app.db()).await.unwrap();

    let today_only = Windows {
        from: today,
        to: today,
    };
    let visits = db::analytics::visits(app.db().reader(), today_only)
        .await
        .unwrap();
    assert_eq!(visits.len(), 1, "only the member used the app");
    let placement = visits[&member].placement.clone().unwrap();
    assert_eq!(placement.department, "HR");
    let mut acts: Vec<(i64, ChallengeAct)> =
        db::analytics::acts(app.db().reader(), Some(challenge), today_only)
            .await
            .unwrap()
            .into_iter()
            .map(|(person, act, _)| (person, act))
            .collect();
    acts.sort_by_key(|(_, act)| act.as_str());
    assert_eq!(
        acts,
        [(member, ChallengeAct::View), (member, ChallengeAct::Vote)]
    );
}

#[tokio::test]
async fn people_lists_and_their_csv_are_for_leaders_and_admins() {
    let app = TestApp::new().await;
    let leader = app.session(Role::Leader).await;
    let member = app.session(Role::Member).await;

    // Nobody has used the app yet in this test: everyone is inactive.
    let csv = app
        .get(
            "/api/analytics/people.csv?status=inactive&days=7&region=EMEA",
            Some(&leader),
        )
        .await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);
    assert!(csv
        .headers
        .get("content-disposition")
        .is_some_and(|value| value.to_str().unwrap_or_default().contains("attachment")));
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(
        lines[0],
        "name,email,department,region,manager,last_seen,activity"
    );
    assert_eq!(lines.len(), 1 + Role::ALL.len(), "{}", csv.body);
    assert!(lines[1..].iter().all(|line| line.ends_with(",Not seen")));
    let elsewhere = app
        .get(
            "/api/analytics/people.csv?status=inactive&days=7&region=APAC",
            Some(&leader),
        )
        .await;
    assert_eq!(elsewhere.body.lines().count(), 1, "filtered out");

    let denied = app
        .get(
            "/api/analytics/people.csv?status=inactive&days=7",
            Some(&member),
        )
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    assert!(
        denied.body.contains("Only leaders and admins"),
        "{}",
        denied.body
    );
    let anonymous = app.get("/api/analytics/people.csv", None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let page = app.get("/analytics/people", Some(&member)).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.body.contains("Only leaders and admins"));

    // Figures are for everyone signed in, as a page and as CSV.
    let page = app.get("/analytics?period=7d", Some(&member)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("From audience to ideas"));
    let funnel = app
        .get("/api/analytics/funnel.csv?period=7d", Some(&member))
        .await;
    assert_eq!(funnel.status, StatusCode::OK);
    assert!(funnel
        .body
        .starts_with("step,people,percent_of_audience\nEveryone,4,100.0\n"));
    let bad = app
        .get(
            "/api/analytics/daily.csv?period=custom&from=2026-13-01&to=2026-11-01",
            Some(&member),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("first date"), "{}", bad.body);
    let unknown = app.get("/api/analytics/secrets.csv", Some(&leader)).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    // An admin turns the lists off: leaders are refused too, with the reason.
    let admin = app.session(Role::Admin).await;
    let off = app
        .call("/api/analytics/privacy", "hidden=true", Some(&admin))
        .await;
    assert_eq!(off.status, StatusCode::OK, "{}", off.body);
    let hidden = app
        .get(
            "/api/analytics/people.csv?status=inactive&days=7",
            Some(&leader),
        )
        .await;
    assert_eq!(hidden.status, StatusCode::FORBIDDEN);
    assert!(hidden.body.contains("turned off"));
}
