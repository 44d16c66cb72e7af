//! The analytics on a generated organisation of 5,000 people whose behaviour is known (see
//! `sample.rs`): every figure is checked against numbers worked out from that description.
//! Runs on SQLite, and on PostgreSQL when `make test` provides one.

use super::{
    people_list, report,
    sample::{generate, SampleOrganisation},
    weakest_first, Activity, ActivityLog, SMALLEST_GROUP,
};
use crate::{
    error::AppError,
    i18n::Locale,
    model::{
        Activeness, Dimension, FunnelStage, GroupFigures, GroupName, PeopleQuery, PeriodKind,
        ReportQuery, Role, Segment, Segments, Viewer,
    },
    server::{
        clock::{now_ms, DAY_MS},
        db::{
            self,
            analytics::{ChallengeAct, Windows},
            test_support::fresh_db,
        },
    },
};

const PEOPLE: usize = 5000;

fn viewer(sample: &SampleOrganisation, i: usize, role: Role) -> Viewer {
    Viewer {
        person_id: sample.people[i],
        display_name: format!("Person {i:05}"),
        email: format!("person{i}@sample.test"),
        role,
        department: format!("D{}", i % 5),
        region: format!("R{}", i % 4),
    }
}

fn segments(lurkers: i64, contributors: i64, creators: i64) -> Segments {
    Segments {
        lurkers,
        contributors,
        creators,
    }
}

fn funnel(report: &crate::model::AnalyticsReport) -> Vec<i64> {
    report.funnel.iter().map(|step| step.people).collect()
}

/// The groups' names as the CSV writes them, in the report's order.
fn group_names(report: &crate::model::AnalyticsReport) -> Vec<String> {
    report
        .groups
        .iter()
        .map(|group| {
            group
                .name
                .name(Locale::en, report.query.by, report.smallest_group)
                .into_owned()
        })
        .collect()
}

fn group(report: &crate::model::AnalyticsReport, name: GroupName) -> &GroupFigures {
    report
        .groups
        .iter()
        .find(|group| group.name == name)
        .unwrap_or_else(|| panic!("no group {name:?} in {:?}", report.groups))
}

fn named(name: &str) -> GroupName {
    GroupName::Named(name.to_owned())
}

/// How many of the 5,000 satisfy `rule`, counted one by one.
fn count(rule: impl Fn(usize) -> bool) -> i64 {
    (0..PEOPLE).filter(|&i| rule(i)).count() as i64
}

#[tokio::test]
async fn every_figure_matches_the_known_behaviour() {
    let test = fresh_db().await;
    let db = &test.db;
    let now = now_ms();
    let today = now.div_euclid(DAY_MS);
    let sample = generate(db, PEOPLE, today).await.unwrap();
    let leader = viewer(&sample, 0, Role::Leader);
    let query = |challenge_id, by| ReportQuery {
        challenge_id,
        period: PeriodKind::Last30Days,
        by,
        ..ReportQuery::default()
    };

    // The whole organisation, last 30 days.
    let org = report(db, &leader, query(None, Dimension::Region), now)
        .await
        .unwrap();
    assert_eq!((org.from_day, org.to_day), (today - 29, today));
    assert_eq!(org.audience, 5000);
    assert_eq!(funnel(&org), [5000, 3000, 2500, 500, 100, 100]);
    assert_eq!(org.segments, segments(2500, 400, 100));
    // Regions are i % 4: 1,250 people, 750 of them seen; creators are r = 98 and 99.
    assert_eq!(org.scope, None);
    assert_eq!(
        org.funnel.iter().map(|step| step.stage).collect::<Vec<_>>(),
        FunnelStage::ORGANISATION
    );
    assert_eq!(group_names(&org), ["R0", "R1", "R2", "R3"], "weakest first");
    assert_eq!(group(&org, named("R0")).segments, segments(650, 100, 0));
    assert_eq!(group(&org, named("R3")).segments, segments(600, 100, 50));
    assert!(org.groups.iter().all(|group| group.audience == 1250));
    // Everyone active came this week; the even ones also the week before, only signing in.
    assert_eq!(org.week.this_week, segments(2500, 400, 100));
    assert_eq!(org.week.last_week, segments(1500, 0, 0));
    assert_eq!(org.daily.len(), 30);
    let active_days: i64 = org.daily.iter().map(|day| day.active).sum();
    assert_eq!(active_days, 3000 + 1500);
    let today_figures = org.daily.last().unwrap();
    assert_eq!(today_figures.day, today);
    assert_eq!(today_figures.active, count(|i| i % 100 >= 40 && i % 7 == 0));
    assert_eq!(
        today_figures.taking_part,
        count(|i| i % 100 >= 90 && i % 7 == 0)
    );
    // 100 ideas, half answered: 25 after 10 hours and 25 after 30.
    assert_eq!(org.responsiveness.ideas, 100);
    assert_eq!(org.responsiveness.answered, 50);
    assert_eq!(org.responsiveness.median_hours, Some(20.0));
    assert!(org.may_list_people && !org.person_lists_hidden);

    // By department, people are counted where they sat when seen: the creators who moved to
    // "Elsewhere" afterwards still count in D4.
    let by_department = report(db, &leader, query(None, Dimension::Department), now)
        .await
        .unwrap();
    assert!(by_department
        .groups
        .iter()
        .all(|g| g.name != named("Elsewhere")));
    assert_eq!(
        group(&by_department, named("D0")).segments,
        segments(500, 100, 0)
    );
    assert_eq!(
        group(&by_department, named("D4")).segments,
        segments(500, 50, 50)
    );
    assert_eq!(group(&by_department, named("D4")).audience, 1000);

    // By manager: people 50 and up report to person i % 50, 99 each; the first 50 to nobody.
    let by_manager = report(db, &leader, query(None, Dimension::Manager), now)
        .await
        .unwrap();
    assert_eq!(by_manager.groups.len(), 51);
    assert_eq!(group(&by_manager, GroupName::Unassigned).audience, 50);
    assert!(group_names(&by_manager).contains(&"No manager".to_owned()));
    assert_eq!(group(&by_manager, named("Person 00007")).audience, 99);

    // Challenge A: everyone is invited; 2,500 opened it.
    let a = report(
        db,
        &leader,
        query(Some(sample.challenge_a), Dimension::Region),
        now,
    )
    .await
    .unwrap();
    assert_eq!(a.scope.as_deref(), Some("A"));
    assert_eq!(
        a.funnel.iter().map(|step| step.stage).collect::<Vec<_>>(),
        FunnelStage::CHALLENGE
    );
    assert_eq!(funnel(&a), [5000, 3000, 2500, 500, 100, 100]);
    assert_eq!(a.segments, segments(2000, 400, 100));
    // Challenge B is for region R1 only, and nobody opened it.
    let b = report(
        db,
        &leader,
        query(Some(sample.challenge_b), Dimension::Region),
        now,
    )
    .await
    .unwrap();
    assert_eq!(funnel(&b), [1250, 750, 0, 0, 0, 0]);
    assert_eq!(b.segments, Segments::default());
    assert_eq!(b.groups.len(), 1);

    // The last 7 days see this week only; the challenge window starts when A opened.
    let week = ReportQuery {
        period: PeriodKind::Last7Days,
        ..query(None, Dimension::Region)
    };
    let week = report(db, &leader, week, now).await.unwrap();
    assert_eq!(funnel(&week), [5000, 3000, 2500, 500, 100, 100]);
    assert_eq!(week.daily.len(), 7);
    let window = ReportQuery {
        period: PeriodKind::Window,
        ..query(Some(sample.challenge_a), Dimension::Region)
    };
    let window = report(db, &leader, window, now).await.unwrap();
    assert_eq!((window.from_day, window.to_day), (today - 60, today));
    // Those with r < 10 were last seen 40 days ago: inside the window, not in the last 30 days.
    assert_eq!(funnel(&window)[1], 3000 + count(|i| i % 100 < 10));

    // Members see the same totals but not the per-person lists.
    let member = viewer(&sample, 41, Role::Member);
    let seen_by_member = report(db, &member, query(None, Dimension::Region), now)
        .await
        .unwrap();
    assert_eq!(seen_by_member.segments, org.segments);
    assert!(!seen_by_member.may_list_people);
}

#[tokio::test]
async fn people_lists_filter_sort_and_stay_with_leaders() {
    let test = fresh_db().await;
    let db = &test.db;
    let now = now_ms();
    let today = now.div_euclid(DAY_MS);
    let sample = generate(db, PEOPLE, today).await.unwrap();
    let leader = viewer(&sample, 0, Role::Leader);
    let query = |status, region: &str, department: &str| PeopleQuery {
        status,
        days: 7,
        region: region.to_owned(),
        department: department.to_owned(),
        ..PeopleQuery::default()
    };

    // Inactive in R1: r < 40 and r % 4 == 1. Those with r < 10 were seen 40 days ago and come
    // first; the rest were never seen.
    let inactive = people_list(db, &leader, query(Activeness::Inactive, "R1", ""), now)
        .await
        .unwrap();
    assert_eq!(
        inactive.total,
        count(|i| i % 100 < 40 && i % 4 == 1) as usize
    );
    let seen: Vec<Option<i64>> = inactive.people.iter().map(|p| p.last_seen_day).collect();
    let seen_before = count(|i| i % 100 < 10 && i % 4 == 1) as usize;
    assert!(seen[..seen_before]
        .iter()
        .all(|day| *day == Some(today - 40)));
    assert!(seen[seen_before..].iter().all(Option::is_none));
    assert!(inactive.people.iter().all(|p| p.region == "R1"));
    assert!(inactive.people.iter().all(|p| p.segment == Segment::Absent));

    // Active in D0 over the last 7 days, with what they did.
    let active = people_list(db, &leader, query(Activeness::Active, "", "D0"), now)
        .await
        .unwrap();
    assert_eq!(active.total, 600);
    let in_segment = |segment| {
        active
            .people
            .iter()
            .filter(|p| p.segment == segment)
            .count()
    };
    assert_eq!(in_segment(Segment::Contributor), 100);
    assert_eq!(in_segment(Segment::Creator), 0);
    assert!(active
        .people
        .windows(2)
        .all(|pair| pair[0].last_seen_day >= pair[1].last_seen_day));
    assert_eq!(active.regions, ["R0", "R1", "R2", "R3"]);
    assert_eq!(active.managers.len(), 50);

    // Person 1's team: i = 51, 101, … 4951; the 49 with r == 1 have not come this week.
    let team = PeopleQuery {
        manager_id: Some(sample.people[1]),
        ..query(Activeness::Inactive, "", "")
    };
    let team = people_list(db, &leader, team, now).await.unwrap();
    assert_eq!(team.total, 49);

    // Bad input is refused with a reason.
    let too_long = PeopleQuery {
        days: 0,
        ..query(Activeness::Inactive, "", "")
    };
    let error = people_list(db, &leader, too_long, now).await.unwrap_err();
    assert!(matches!(error, AppError::Invalid(_)), "{error:?}");

    // Members never get the list; once an admin turns lists off, nobody does.
    let member = viewer(&sample, 41, Role::Member);
    let denied = people_list(db, &member, query(Activeness::Inactive, "", ""), now)
        .await
        .unwrap_err();
    assert_eq!(denied.status_code(), 403);
    db::analytics::set_setting(db.writer(), db::analytics::PERSON_LISTS_HIDDEN, "true")
        .await
        .unwrap();
    let denied = people_list(db, &leader, query(Activeness::Inactive, "", ""), now)
        .await
        .unwrap_err();
    assert!(denied.to_string().contains("turned off"), "{denied}");
    let figures = report(db, &leader, ReportQuery::default(), now)
        .await
        .unwrap();
    assert!(!figures.may_list_people && figures.person_lists_hidden);
}

#[tokio::test]
async fn periods_that_cannot_be_read_are_refused() {
    let test = fresh_db().await;
    let db = &test.db;
    let now = now_ms();
    let sample = generate(db, 60, now.div_euclid(DAY_MS)).await.unwrap();
    let leader = viewer(&sample, 0, Role::Leader);
    let refused = |query: ReportQuery| {
        let leader = leader.clone();
        async move {
            match report(db, &leader, query, now).await {
                Err(AppError::Invalid(message)) => message,
                other => panic!("expected a refusal, got {other:?}"),
            }
        }
    };
    let custom = |from: &str, to: &str| ReportQuery {
        period: PeriodKind::Custom,
        from: from.into(),
        to: to.into(),
        ..ReportQuery::default()
    };
    assert!(refused(custom("2026-11-30", "2026-11-01"))
        .await
        .contains("on or before"));
    assert!(refused(custom("yesterday", "2026-11-01"))
        .await
        .contains("first date"));
    assert!(refused(custom("2020-01-01", "2026-11-01"))
        .await
        .contains("at most 366 days"));
    let window = ReportQuery {
        period: PeriodKind::Window,
        ..ReportQuery::default()
    };
    assert!(refused(window).await.contains("needs a challenge"));
    // A challenge the viewer cannot see is missing, whatever the period.
    let hidden = ReportQuery {
        challenge_id: Some(9_999),
        ..ReportQuery::default()
    };
    let error = report(db, &leader, hidden, now).await.unwrap_err();
    assert_eq!(error.status_code(), 404);
}

#[tokio::test]
async fn the_recorder_writes_one_row_per_person_and_day_with_where_they_sat() {
    let test = fresh_db().await;
    let db = &test.db;
    let now = now_ms();
    let today = now.div_euclid(DAY_MS);
    let sample = generate(db, 60, today - 100).await.unwrap();
    let person = sample.people[55];
    let log = ActivityLog::default();
    for _ in 0..20 {
        log.record(person, Activity::Visit, now);
        log.record(
            person,
            Activity::Challenge(sample.challenge_a, ChallengeAct::Vote),
            now,
        );
    }
    log.flush(db).await.unwrap();
    log.flush(db).await.unwrap();

    // Moving department later does not rewrite the day already recorded.
    sqlx::query("update person set department = 'Moved' where person_id = $1")
        .bind(person)
        .execute(db.writer())
        .await
        .unwrap();
    let today_only = Windows {
        from: today,
        to: today,
    };
    let visits = db::analytics::visits(db.reader(), today_only)
        .await
        .unwrap();
    assert_eq!(visits.len(), 1);
    let visit = &visits[&person];
    assert_eq!(visit.placement.as_ref().unwrap().department, "D0");
    assert_eq!(visit.last_day, Some(today));
    assert!(visit.seen.in_period && visit.seen.this_week && !visit.seen.last_week);
    let acts = db::analytics::acts(db.reader(), Some(sample.challenge_a), today_only)
        .await
        .unwrap();
    assert_eq!(acts.len(), 1);
    assert_eq!((acts[0].0, acts[0].1), (person, ChallengeAct::Vote));
}

#[test]
fn small_groups_fold_together_and_the_weakest_come_first() {
    let group = |name: &str, audience, taking_part| GroupFigures {
        name: named(name),
        audience,
        segments: segments(0, taking_part, 0),
    };
    let groups = vec![
        group("Strong", 10, 9),
        group("Weak", 10, 1),
        group("Tiny 1", 2, 2),
        group("Tiny 2", 1, 0),
    ];
    let by = Dimension::Department;
    let names = |groups: &[GroupFigures]| -> Vec<String> {
        groups
            .iter()
            .map(|g| g.name.name(Locale::en, by, SMALLEST_GROUP).into_owned())
            .collect()
    };
    let shown = weakest_first(groups.clone(), by, false);
    assert_eq!(names(&shown), ["Tiny 2", "Weak", "Strong", "Tiny 1"]);
    let folded = weakest_first(groups, by, true);
    assert_eq!(names(&folded), ["Weak", "Groups under 5 people", "Strong"]);
    assert_eq!(folded[1].name, GroupName::SmallGroups);
    assert_eq!(folded[1].audience, 3);
    assert_eq!(folded[1].segments.contributors, 2);
}
