//! A generated organisation whose behaviour is known person by person, so the analytics can
//! be checked against numbers worked out by hand (`tests.rs`) and timed at scale
//! (`analytics-bench`).
//!
//! Person `i` (0-based) sits in department `D{i % 5}`, region `R{i % 4}`, and reports to person
//! `i % 50` when `i >= 50`. What they do depends on `r = i % 100`:
//!
//! | `r`     | share | in the last 7 days                                   |
//! |---------|-------|-------------------------------------------------------|
//! | 0–39    | 40 %  | nothing (those with `r < 10` were last seen 40 days ago) |
//! | 40–79   | 40 %  | sign in and view challenge A                          |
//! | 80–89   | 10 %  | sign in only                                          |
//! | 90–95   | 6 %   | view A and vote                                       |
//! | 96–97   | 2 %   | view A, vote and comment                              |
//! | 98–99   | 2 %   | view A, vote and submit one idea                      |
//!
//! Everyone active comes on day `today - i % 7`; those with an even `i` also came the week
//! before, on day `today - 7 - i % 7`, and only signed in. Challenge B is for region R1 and
//! nobody opened it. Ideas by people with `i % 200 == 98` got an official response 10 hours
//! later, those with `i % 200 == 198` after 30 hours. After all this, the people with
//! `r == 99` moved to the department "Elsewhere".

use crate::{
    error::AppError,
    model::{Audience, Role, VotingRule},
    server::{
        clock::DAY_MS,
        db::{
            self,
            analytics::{ActRecord, ChallengeAct},
            challenges::ChallengeRecord,
            people::PersonRecord,
            Db,
        },
    },
};

/// What [`generate`] created.
pub struct SampleOrganisation {
    /// Person ids by index `i`.
    pub people: Vec<i64>,
    pub challenge_a: i64,
    pub challenge_b: i64,
}

const HOUR_MS: i64 = 3_600_000;

/// Creates `count` people (person 0 is a leader, the rest members), challenges A and B, and
/// the activity described above, relative to `today` (a day number).
pub async fn generate(db: &Db, count: usize, today: i64) -> Result<SampleOrganisation, AppError> {
    let mut tx = db.begin().await?;
    let mut people = Vec::with_capacity(count);
    for i in 0..count {
        let record = sample_person(i, (i >= 50).then(|| people[i % 50]));
        people.push(db::people::insert(&mut *tx, &record, 0).await?);
    }
    let opens_at = (today - 60) * DAY_MS;
    let closes_at = (today + 30) * DAY_MS;
    let challenge = |title: &str, audience: Audience| ChallengeRecord {
        title: title.to_owned(),
        question: format!("{title}: what should we change?"),
        brief: String::new(),
        sponsor_id: people[0],
        opens_at,
        closes_at,
        voting: VotingRule::OnePerIdea,
        hide_authors: false,
        audience,
    };
    let challenge_a = db::challenges::insert(
        &mut tx,
        &challenge("A", Audience::default()),
        people[0],
        opens_at,
    )
    .await?;
    let only_r1 = Audience {
        departments: Vec::new(),
        regions: vec!["R1".to_owned()],
    };
    let challenge_b =
        db::challenges::insert(&mut tx, &challenge("B", only_r1), people[0], opens_at).await?;

    let mut days = Vec::new();
    let mut acts = Vec::new();
    for (i, &person_id) in people.iter().enumerate() {
        let r = i % 100;
        if r < 10 {
            days.push((person_id, today - 40));
        }
        if r < 40 {
            continue;
        }
        let day = today - (i % 7) as i64;
        days.push((person_id, day));
        if i % 2 == 0 {
            days.push((person_id, day - 7));
        }
        let did: &[ChallengeAct] = match r {
            40..=79 => &[ChallengeAct::View],
            80..=89 => &[],
            90..=95 => &[ChallengeAct::View, ChallengeAct::Vote],
            96..=97 => &[
                ChallengeAct::View,
                ChallengeAct::Vote,
                ChallengeAct::Comment,
            ],
            _ => &[ChallengeAct::View, ChallengeAct::Vote, ChallengeAct::Idea],
        };
        acts.extend(did.iter().map(|&act| ActRecord {
            challenge_id: challenge_a,
            person_id,
            day,
            act,
        }));
        if r >= 98 {
            let created = day * DAY_MS + 9 * HOUR_MS;
            let title = format!("Idea by person {i}");
            let idea_id =
                db::ideas::insert(&mut *tx, challenge_a, person_id, &title, &title, created)
                    .await?;
            let wait = match i % 200 {
                98 => Some(10 * HOUR_MS),
                198 => Some(30 * HOUR_MS),
                _ => None,
            };
            if let Some(wait) = wait {
                let (comment_id, _) = db::comments::insert(
                    &mut tx,
                    idea_id,
                    challenge_a,
                    people[0],
                    None,
                    "Thank you: we will try this.",
                    created + wait,
                )
                .await?;
                db::comments::set_official(&mut *tx, comment_id, Some(people[0]), created + wait)
                    .await?;
            }
        }
    }
    db::analytics::insert_days(&mut tx, &days).await?;
    db::analytics::insert_acts(&mut tx, &acts).await?;
    for (i, &person_id) in people.iter().enumerate() {
        if i % 100 == 99 {
            let mut moved = sample_person(i, (i >= 50).then(|| people[i % 50]));
            moved.department = "Elsewhere".to_owned();
            db::people::update_profile(&mut *tx, person_id, &moved, 0).await?;
        }
    }
    tx.commit().await?;
    Ok(SampleOrganisation {
        people,
        challenge_a,
        challenge_b,
    })
}

fn sample_person(i: usize, manager_id: Option<i64>) -> PersonRecord {
    PersonRecord {
        display_name: format!("Person {i:05}"),
        email: format!("person{i}@sample.test"),
        role: if i == 0 { Role::Leader } else { Role::Member },
        department: format!("D{}", i % 5),
        region: format!("R{}", i % 4),
        manager_id,
    }
}

/// Adds a busy history for timing: over the 60 days up to `today`, people come on about half
/// the days and view challenge A each time, `events` rows in all (days and views; those that
/// were already there are not added twice).
pub async fn add_busy_history(
    db: &Db,
    sample: &SampleOrganisation,
    today: i64,
    events: usize,
) -> Result<(), AppError> {
    let mut days = Vec::new();
    let mut acts = Vec::new();
    'fill: for day in (today - 59..=today).rev() {
        for (i, &person_id) in sample.people.iter().enumerate() {
            if days.len() + acts.len() >= events {
                break 'fill;
            }
            // Deterministic and spread: about every other person on any one day.
            if (i as i64 * 7 + day * 13) % 9 < 5 {
                days.push((person_id, day));
                acts.push(ActRecord {
                    challenge_id: sample.challenge_a,
                    person_id,
                    day,
                    act: ChallengeAct::View,
                });
            }
        }
    }
    let mut tx = db.begin().await?;
    db::analytics::insert_days(&mut tx, &days).await?;
    db::analytics::insert_acts(&mut tx, &acts).await?;
    tx.commit().await?;
    Ok(())
}
