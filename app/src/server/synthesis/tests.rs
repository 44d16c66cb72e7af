//! The infographic's figures against the database's own counts, on the demo's closed challenge
//! and on a generated challenge with 5,000 ideas; publication snapshots; exports.

use sqlx::Row;

use super::*;
use crate::{
    model::{Role, VotingRule},
    server::db::{
        moderation as board,
        test_support::{challenge, fresh_db, members},
    },
};

/// The figures as SQL counts them, written independently of `Facts`.
async fn counted_in_sql(db: &Db, challenge_id: i64) -> Figures {
    let count = async |sql: &str| -> i64 {
        sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
            .bind(challenge_id)
            .fetch_one(db.reader())
            .await
            .unwrap()
            .get::<i64, _>("n")
    };
    let live = "i.withdrawn_at is null and i.merged_into_id is null and i.hidden_at is null";
    let people = format!(
        "select i.author_id as person_id from idea i where i.challenge_id = $1 and {live} \
         union select m.author_id from comment m join idea i on i.idea_id = m.idea_id \
           where i.challenge_id = $1 and m.hidden_at is null and {live} \
         union select v.person_id from vote v join idea i on i.idea_id = v.idea_id \
           where i.challenge_id = $1 and {live} \
         union select c.person_id from idea_contributor c join idea i on i.idea_id = c.idea_id \
           where i.challenge_id = $1 and {live}"
    );
    Figures {
        participants: count(&format!("select count(*) as n from ({people}) x")).await,
        audience: count("select count(*) as n from person where deactivated_at is null and $1 > 0")
            .await,
        ideas: count(&format!(
            "select count(*) as n from idea i where i.challenge_id = $1 and {live}"
        ))
        .await,
        comments: count(&format!(
            "select count(*) as n from comment m join idea i on i.idea_id = m.idea_id \
             where i.challenge_id = $1 and m.hidden_at is null and {live}"
        ))
        .await,
        votes: count(&format!(
            "select cast(coalesce(sum(v.votes), 0) as bigint) as n from vote v join idea i \
             on i.idea_id = v.idea_id where i.challenge_id = $1 and {live}"
        ))
        .await,
        departments: count(&format!(
            "select count(distinct p.department) as n from person p \
             where p.person_id in ({people})"
        ))
        .await,
        regions: count(&format!(
            "select count(distinct p.region) as n from person p where p.person_id in ({people})"
        ))
        .await,
    }
}

/// Per theme, the ideas and votes add up to the totals, and every contributor is a participant.
fn assert_consistent(infographic: &Infographic) {
    let figures = &infographic.figures;
    let sum =
        |field: fn(&InfographicTheme) -> i64| -> i64 { infographic.themes.iter().map(field).sum() };
    assert_eq!(sum(|theme| theme.ideas), figures.ideas);
    assert_eq!(sum(|theme| theme.comments), figures.comments);
    assert_eq!(sum(|theme| theme.votes), figures.votes);
    let timeline_votes: i64 = infographic.timeline.iter().map(|day| day.votes).sum();
    let timeline_contributions: i64 = infographic
        .timeline
        .iter()
        .map(|day| day.contributions)
        .sum();
    assert_eq!(timeline_votes, figures.votes);
    assert_eq!(timeline_contributions, figures.ideas + figures.comments);
}

#[tokio::test]
async fn the_demo_synthesis_shows_the_databases_figures() {
    let test = fresh_db().await;
    let db = &test.db;
    crate::server::demo::seed_if_empty(db).await.unwrap();
    let closed = db::challenges::all(db.reader())
        .await
        .unwrap()
        .into_iter()
        .find(|challenge| challenge.published_at.is_some())
        .expect("the demo's closed challenge is published");
    let (_, composition) = published(db, closed.challenge_id).await.unwrap().unwrap();
    let facts = Facts::load(db, closed.challenge_id).await.unwrap();
    let infographic = infographic(&closed, &composition, &facts, closed.closes_at + DAY_MS);
    let expected = counted_in_sql(db, closed.challenge_id).await;
    // The demo challenge invites everyone, so its audience is every active account.
    assert_eq!(infographic.figures, expected);
    assert_consistent(&infographic);
    // Merged and hidden ideas are not counted: the demo has eight shown ideas of ten.
    assert_eq!(infographic.figures.ideas, 8);
    let names: Vec<&str> = infographic
        .themes
        .iter()
        .map(|theme| theme.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "Room to focus",
            "Meeting each other",
            "Getting there and staying well",
            "Other ideas"
        ]
    );
    assert_eq!(infographic.themes[1].highlights.len(), 2);
    // The drawing carries the same numbers.
    let svg = draw(&infographic, crate::model::Paper::A4, None, Locale::en);
    for (name, value) in [
        ("participants", expected.participants),
        ("ideas", expected.ideas),
        ("votes", expected.votes),
    ] {
        assert!(
            svg.contains(&format!("data-figure=\"{name}\" data-value=\"{value}\"")),
            "{name} = {value} missing from the drawing"
        );
    }
}

#[tokio::test]
async fn five_thousand_ideas_are_counted_exactly_and_members_see_only_what_was_published() {
    let test = fresh_db().await;
    let db = &test.db;
    let people = members(db, 60).await;
    let challenge_id = challenge(
        db,
        VotingRule::Dots {
            budget: 50,
            max_per_idea: 3,
        },
        0,
        30 * DAY_MS,
    )
    .await;
    let mut tx = db.begin().await.unwrap();
    let mut themes = Vec::new();
    for n in 0..40 {
        themes.push(
            board::insert_theme(
                &mut tx,
                challenge_id,
                &format!("Theme {n}"),
                "#2a9d8f",
                people[0],
                0,
            )
            .await
            .unwrap(),
        );
    }
    let mut ideas = Vec::new();
    for n in 0..5_000_usize {
        let author = people[n % people.len()];
        let at = (n as i64) * 500_000;
        let idea_id = db::ideas::insert(
            &mut *tx,
            challenge_id,
            author,
            &format!("Idea {n}"),
            "Text",
            at,
        )
        .await
        .unwrap();
        // Zipf-like: low themes get most ideas; every seventh idea stays unsorted.
        if n % 7 != 0 {
            let theme = themes[(n * n) % 1_601 % 40];
            board::set_idea_theme(&mut tx, idea_id, Some(theme))
                .await
                .unwrap();
        }
        ideas.push(idea_id);
    }
    for (n, &idea_id) in ideas.iter().enumerate().step_by(3) {
        db::comments::insert(
            &mut tx,
            idea_id,
            challenge_id,
            people[(n + 1) % 60],
            None,
            "Yes",
            n as i64,
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let votes: Vec<db::votes::VoteRequest> = ideas
        .iter()
        .enumerate()
        .step_by(11)
        .map(|(n, &idea_id)| db::votes::VoteRequest {
            challenge_id,
            idea_id,
            person_id: people[n % 60],
            wanted: 1 + (n % 3) as i64,
        })
        .collect();
    let mut tx = db.begin().await.unwrap();
    db::votes::apply_votes(&mut tx, db.backend(), &votes, 1_000)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let record = db::challenges::find(db.reader(), challenge_id)
        .await
        .unwrap()
        .unwrap();

    // Nothing published: a member is refused, a moderator previews the draft.
    let member = crate::model::Viewer {
        person_id: people[5],
        display_name: "Member".to_owned(),
        email: "m@chorus.test".to_owned(),
        role: Role::Member,
        department: String::new(),
        region: String::new(),
    };
    let refused = Shown::load(db, &member, challenge_id, false, 40 * DAY_MS)
        .await
        .err()
        .expect("unpublished");
    assert_eq!(refused.status_code(), 404);
    let leader = crate::model::Viewer {
        role: Role::Leader,
        ..member.clone()
    };
    let draft = Shown::load(db, &leader, challenge_id, false, 40 * DAY_MS)
        .await
        .unwrap();
    assert!(draft.preview);

    let facts = Facts::load(db, challenge_id).await.unwrap();
    let drawn = infographic(&record, &draft.composition, &facts, 40 * DAY_MS);
    assert_eq!(drawn.figures, counted_in_sql(db, challenge_id).await);
    assert_eq!(drawn.figures.ideas, 5_000);
    assert_eq!(drawn.themes.len(), 41, "40 themes and the unsorted ideas");
    assert_consistent(&drawn);
    assert!(
        your_part(&drawn, &draft.composition, &facts, people[5], Locale::en)
            .is_some_and(|part| part.starts_with("Your 84 ideas landed in"))
    );
    assert!(
        your_part(&drawn, &draft.composition, &facts, people[5], Locale::nl)
            .is_some_and(|part| part.starts_with("Je 84 ideeën kwamen terecht in"))
    );

    // Published: the member sees the snapshot, even after the board changes.
    let mut tx = db.begin().await.unwrap();
    assert_eq!(
        publish(db, &mut tx, challenge_id, people[0], 41 * DAY_MS)
            .await
            .unwrap(),
        1
    );
    tx.commit().await.unwrap();
    let mut tx = db.begin().await.unwrap();
    board::set_theme_deleted(&mut tx, themes[0], Some(42 * DAY_MS))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let seen = Shown::load(db, &member, challenge_id, true, 43 * DAY_MS)
        .await
        .unwrap();
    assert!(!seen.preview, "members never get the draft");
    assert_eq!(seen.composition.themes.len(), 40);
    let notified: i64 =
        sqlx::query("select count(*) as n from notification where kind = 'synthesis_published'")
            .fetch_one(db.reader())
            .await
            .unwrap()
            .get("n");
    assert_eq!(notified, drawn.figures.participants);

    // Exports: one CSV row per idea and per comment, and JSON that parses.
    let rows = db::synthesis::export_rows(db.reader(), challenge_id)
        .await
        .unwrap();
    let csv = export_csv(&seen.composition, &facts, &rows).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    assert_eq!(
        reader.records().count() as i64,
        drawn.figures.ideas + drawn.figures.comments
    );
    let json: serde_json::Value =
        serde_json::from_slice(&export_json(&drawn, &seen.composition, &facts, &rows).unwrap())
            .unwrap();
    assert_eq!(json["ideas"].as_array().map(Vec::len), Some(5_000));
}
