//! The demo organisation created on first start (`chorus --demo`), so a newcomer can sign in
//! and see every feature at once.

use super::{
    clock::{now_ms, DAY_MS},
    db::{
        self,
        analytics::{ActRecord, ChallengeAct},
        challenges::ChallengeRecord,
        moderation::Content,
        people::PersonRecord,
        Db,
    },
    moderation::Moderator,
    passwords,
};
use crate::{
    error::AppError,
    locale::current_locale,
    model::{Audience, Role, VotingRule},
};

/// Every demo account signs in with this password.
pub const DEMO_PASSWORD: &str = "chorus-demo-2030";

/// The accounts printed at start-up, one per role.
pub const DEMO_LOGINS: [(&str, Role); 4] = [
    ("admin@chorus.example", Role::Admin),
    ("leader@chorus.example", Role::Leader),
    ("moderator@chorus.example", Role::Moderator),
    ("member@chorus.example", Role::Member),
];

const DEPARTMENTS: [&str; 6] = [
    "HR",
    "Finance",
    "Engineering",
    "Sales",
    "Operations",
    "Marketing",
];
const REGIONS: [&str; 3] = ["EMEA", "Americas", "APAC"];
const GIVEN: [&str; 12] = [
    "Amara", "Bruno", "Chen", "Dalia", "Emil", "Fatima", "Goran", "Hana", "Iker", "Jonas", "Keiko",
    "Lucía",
];
const FAMILY: [&str; 3] = ["Okafor", "Jansen", "Moreno"];

/// Creates the demo organisation when the database has nobody in it. Returns true when it did.
pub async fn seed_if_empty(db: &Db) -> Result<bool, AppError> {
    if db::people::count(db.reader()).await? > 0 {
        return Ok(false);
    }
    // One hash for all demo accounts: hashing dozens of times would slow the first start.
    let password_hash = passwords::hash(DEMO_PASSWORD.to_owned()).await?;
    let now = now_ms();
    let mut tx = db.begin().await?;

    let named = [
        ("Ines Admin", "IT", "EMEA"),
        ("Laura Leader", "HR", "EMEA"),
        ("Mateo Moderator", "HR", "Americas"),
        ("Mia Member", "Finance", "APAC"),
    ];
    let mut ids = Vec::new();
    for ((email, role), (name, department, region)) in DEMO_LOGINS.iter().zip(named) {
        let record = PersonRecord {
            display_name: name.to_owned(),
            email: (*email).to_owned(),
            role: *role,
            department: department.to_owned(),
            region: region.to_owned(),
            manager_id: None,
        };
        ids.push(db::people::insert(&mut *tx, &record, now).await?);
    }
    let leader = ids[1];

    // Department heads report to the leader; everyone else to their department head.
    let mut heads = Vec::new();
    for (index, department) in DEPARTMENTS.iter().enumerate() {
        let record = staff_record(index, department, REGIONS[index % REGIONS.len()], leader);
        heads.push(db::people::insert(&mut *tx, &record, now).await?);
    }
    for index in DEPARTMENTS.len()..GIVEN.len() * FAMILY.len() {
        let department = DEPARTMENTS[index % DEPARTMENTS.len()];
        let region = REGIONS[(index / DEPARTMENTS.len()) % REGIONS.len()];
        let record = staff_record(index, department, region, heads[index % DEPARTMENTS.len()]);
        ids.push(db::people::insert(&mut *tx, &record, now).await?);
    }
    for id in ids.iter().chain(&heads) {
        db::people::set_password_hash(&mut *tx, *id, &password_hash, now).await?;
    }
    db::people::set_manager(&mut *tx, ids[3], Some(heads[1])).await?;
    tx.commit().await?;

    // Staff other than the four named accounts take part in the demo challenges.
    let staff: Vec<i64> = heads.iter().chain(&ids[4..]).copied().collect();
    let moderator = ids[2];
    let open = seed_challenge(db, &OPEN_CHALLENGE, leader, &staff, now).await?;
    let closed = seed_challenge(db, &CLOSED_CHALLENGE, leader, &staff, now).await?;
    for challenge in [&open, &closed] {
        db::moderation::set_moderator(db.writer(), challenge.id, moderator, Some(leader), now)
            .await?;
    }
    sort_closed_challenge(db, &closed, moderator, now).await?;
    publish_closed_synthesis(db, &closed, moderator, now).await?;
    seed_activity(db, &heads, &staff, open.id, closed.id, now).await?;
    Ok(true)
}

/// Readers: people who come now and then but, like most staff anywhere, rarely write.
const READER_GIVEN: [&str; 24] = [
    "Aiko", "Ben", "Carla", "Dev", "Elif", "Finn", "Greta", "Hugo", "Ida", "Jamal", "Kira", "Leo",
    "Maya", "Nils", "Olga", "Pedro", "Quinn", "Rosa", "Sami", "Tariq", "Uma", "Vera", "Wei",
    "Yara",
];
const READER_FAMILY: [&str; 15] = [
    "Adeyemi", "Berg", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ito",
    "Kowalski", "Larsen", "Müller", "Novak", "Silva", "Tanaka",
];
/// Days of activity the demo looks back over.
const ACTIVITY_DAYS: i64 = 42;

/// Six weeks of visits with a realistic 90-9-1 shape, so the analytics mean something on the
/// first start: 360 readers of whom a third never came, most came now and then and only
/// read, and a few came often; APAC readers came least. The staff who wrote, voted and
/// commented came on those days (recorded from their contributions) and on some others.
async fn seed_activity(
    db: &Db,
    heads: &[i64],
    staff: &[i64],
    open_challenge: i64,
    closed_challenge: i64,
    now: i64,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let mut readers = Vec::new();
    for (index, (family, given)) in READER_FAMILY
        .iter()
        .flat_map(|family| READER_GIVEN.iter().map(move |given| (family, given)))
        .enumerate()
    {
        let department = index % DEPARTMENTS.len();
        let region = REGIONS[(index / DEPARTMENTS.len()) % REGIONS.len()];
        let record = PersonRecord {
            display_name: format!("{given} {family}"),
            email: format!(
                "{}.{}@chorus.example",
                given.to_lowercase(),
                family.to_lowercase().replace('ü', "u")
            ),
            role: Role::Member,
            department: DEPARTMENTS[department].to_owned(),
            region: region.to_owned(),
            manager_id: Some(heads[department]),
        };
        let id = db::people::insert(&mut *tx, &record, now - 60 * DAY_MS).await?;
        readers.push((id, region));
    }

    let today = now.div_euclid(DAY_MS);
    let mut days = Vec::new();
    let mut views = Vec::new();
    for day in today - ACTIVITY_DAYS + 1..=today {
        // The closed challenge was the one to look at until it closed.
        let challenge = if day < today - 5 {
            closed_challenge
        } else {
            open_challenge
        };
        for (index, &(person_id, region)) in readers.iter().enumerate() {
            let chance = match (index % 20, region) {
                (0..=5, _) => 0,
                (18..=19, _) => 40,
                (_, "APAC") => 4,
                _ => 12,
            };
            let roll = dice(person_id, day);
            if roll % 100 < chance {
                days.push((person_id, day));
                if !roll.is_multiple_of(3) {
                    views.push(ActRecord {
                        challenge_id: challenge,
                        person_id,
                        day,
                        act: ChallengeAct::View,
                    });
                }
            }
        }
        for &person_id in staff {
            if dice(person_id, day) % 100 < 30 {
                days.push((person_id, day));
            }
        }
    }
    db::analytics::insert_days(&mut tx, &days).await?;
    db::analytics::insert_acts(&mut tx, &views).await?;
    db::analytics::record_contributions(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

/// A deterministic roll for a person on a day, so every demo start looks the same.
fn dice(person_id: i64, day: i64) -> u64 {
    let mut x = (person_id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ (day as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    x ^= x >> 31;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^ (x >> 29)
}

/// The closed challenge as a moderator leaves it after an afternoon on the board: three
/// themes, a duplicate merged and the off-topic post hidden, with two late ideas (one another
/// duplicate) still unsorted (see `CLOSED_CHALLENGE`).
async fn sort_closed_challenge(
    db: &Db,
    closed: &SeededChallenge,
    moderator: i64,
    now: i64,
) -> Result<(), AppError> {
    let moderator = Moderator {
        challenge_id: closed.id,
        person_id: moderator,
        now: now - DAY_MS,
        locale: current_locale(),
    };
    let idea = &closed.idea_ids;
    let mut tx = db.begin().await?;
    let themes = [
        ("Room to focus", "#2a9d8f", vec![idea[0]]),
        ("Meeting each other", "#e76f51", vec![idea[1], idea[2]]),
        (
            "Getting there and staying well",
            "#264653",
            vec![idea[3], idea[4], idea[5]],
        ),
    ];
    for (name, colour, members) in themes {
        let theme_id = moderator.create_theme(&mut tx, name, colour).await?;
        moderator
            .move_ideas(&mut tx, &members, Some(theme_id))
            .await?;
    }
    moderator.merge(&mut tx, idea[0], idea[6]).await?;
    moderator
        .hide(
            &mut tx,
            Content::Idea(idea[7]),
            "Off-topic: this board is about the office.",
        )
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The closed challenge's synthesis, written and published the day after it closed.
async fn publish_closed_synthesis(
    db: &Db,
    closed: &SeededChallenge,
    moderator: i64,
    now: i64,
) -> Result<(), AppError> {
    let at = now - 4 * DAY_MS;
    let summary = "People come to the office **to focus and to meet**: quiet rooms and team \
         days drew the most votes. Getting there by bike and small comforts follow.";
    db::synthesis::save_summary(db.writer(), closed.id, summary, moderator, at).await?;
    let idea = &closed.idea_ids;
    let themes = db::moderation::themes(db.reader(), closed.id).await?;
    let highlights: [&[(i64, Option<String>)]; 3] = [
        &[(
            idea[0],
            Some("Bookable rooms where phones stay outside.".to_owned()),
        )],
        &[(idea[1], None), (idea[2], None)],
        &[
            (idea[3], Some("Make cycling to work easy.".to_owned())),
            (idea[5], None),
        ],
    ];
    let mut tx = db.begin().await?;
    for (theme, chosen) in themes.iter().zip(highlights) {
        db::synthesis::set_highlights(&mut tx, closed.id, theme.theme_id, chosen).await?;
    }
    tx.commit().await?;
    let mut tx = db.begin().await?;
    super::synthesis::publish(db, &mut tx, closed.id, moderator, at).await?;
    tx.commit().await?;
    Ok(())
}

/// What seeding a demo challenge created.
struct SeededChallenge {
    id: i64,
    idea_ids: Vec<i64>,
}

/// A demo challenge: its time box relative to now (in days) and its ideas.
struct DemoChallenge {
    title: &'static str,
    question: &'static str,
    brief: &'static str,
    opened_days_ago: i64,
    closes_in_days: i64,
    voting: VotingRule,
    /// Title and description of each idea.
    ideas: &'static [(&'static str, &'static str)],
    comments: &'static [&'static str],
}

const OPEN_CHALLENGE: DemoChallenge = DemoChallenge {
    title: "HR in 2030",
    question: "What is one thing HR should do differently by 2030?",
    brief: "Leadership is shaping the **HR vision for 2030**. Share one concrete change you \
            would make, vote for the ideas you believe in, and discuss them.\n\n\
            - One idea per submission: short and concrete beats long and complete.\n\
            - You have 5 votes; put up to 2 on one idea.\n\n\
            Moderators will group the ideas into themes when the challenge closes.",
    opened_days_ago: 10,
    closes_in_days: 18,
    voting: VotingRule::Dots {
        budget: 5,
        max_per_idea: 2,
    },
    ideas: &[
        ("Four-day work week pilot", "Run a six-month pilot of a **four-day week** in two departments and measure output and wellbeing."),
        ("Skills marketplace for internal moves", "Let people publish their skills and find short internal projects, so talent moves before it leaves."),
        ("Onboarding buddy for every new hire", "Pair each new hire with a buddy from another team for their first 90 days."),
        ("One HR app instead of seven portals", "Leave requests, payslips, learning and expenses in one place, usable on a phone."),
        ("Manager training on coaching, not control", "Every new manager gets coaching training in their first six months."),
        ("Transparent salary bands", "Publish salary bands for every role so pay conversations start from facts."),
        ("Learning time in the calendar", "Reserve two hours a week for learning, protected like any other meeting."),
        ("Exit interviews that change something", "Share a yearly summary of exit interviews and what was done about them."),
        ("Flexible public holidays", "Let people swap public holidays for the days that matter in their own culture."),
        ("Wellbeing check-ins without forms", "Replace the annual survey with short monthly check-ins, answered in one minute."),
        ("Hire for potential, not just CVs", "Use work samples instead of CV filters for junior roles."),
        ("Mentoring across regions", "Match mentors and mentees across EMEA, Americas and APAC."),
    ],
    comments: &[
        "Love this. We tried something similar in my previous company and attrition dropped.",
        "How would this work for people in shifts?",
        "Agreed, but let us start small and measure.",
        "This would save me an hour every week.",
    ],
};

const CLOSED_CHALLENGE: DemoChallenge = DemoChallenge {
    title: "The office of the future",
    question: "What would make you choose to come to the office?",
    brief: "We are redesigning our offices. Tell us what would make the trip worth it.",
    opened_days_ago: 45,
    closes_in_days: -5,
    voting: VotingRule::OnePerIdea,
    ideas: &[
        (
            "Quiet rooms for focused work",
            "Bookable rooms where phones stay outside.",
        ),
        (
            "Team days",
            "Each team agrees on one office day a week so people actually meet.",
        ),
        (
            "Better coffee",
            "Good coffee is the cheapest culture investment there is.",
        ),
        ("Bike parking and showers", "Make cycling to work easy."),
        (
            "Childcare on site",
            "A small day-care corner for emergencies.",
        ),
        (
            "Standing desks everywhere",
            "Healthier days, no requests needed.",
        ),
        // A duplicate of the first idea and an off-topic post, for the moderators' demo.
        (
            "Silent zones",
            "Somewhere quiet to work without calls around me.",
        ),
        ("Selling my old bike", "Barely used, ask me for the price."),
        // Left unsorted, one a duplicate of the bike idea, for moderators to try the board on.
        (
            "Covered bike racks",
            "Somewhere dry to leave my bike, and a shower after cycling to work.",
        ),
        (
            "A nap room",
            "A dark, quiet room to rest for twenty minutes after lunch.",
        ),
    ],
    comments: &[
        "Team days would be a game changer.",
        "Yes please, open spaces are too noisy.",
    ],
};

/// Creates one demo challenge with ideas, comments and votes spread over its open days.
async fn seed_challenge(
    db: &Db,
    demo: &DemoChallenge,
    sponsor: i64,
    staff: &[i64],
    now: i64,
) -> Result<SeededChallenge, AppError> {
    let opens_at = now - demo.opened_days_ago * DAY_MS;
    let closes_at = now + demo.closes_in_days * DAY_MS;
    let record = ChallengeRecord {
        title: demo.title.to_owned(),
        question: demo.question.to_owned(),
        brief: demo.brief.to_owned(),
        sponsor_id: sponsor,
        opens_at,
        closes_at,
        voting: demo.voting,
        hide_authors: false,
        audience: Audience::default(),
    };
    let mut tx = db.begin().await?;
    let challenge_id = db::challenges::insert(&mut tx, &record, sponsor, opens_at).await?;
    // Activity happens while the challenge is open: between opening and now (or closing).
    let last_active = closes_at.min(now) - 1;
    let at = |step: usize, of: usize| opens_at + (last_active - opens_at) * step as i64 / of as i64;
    let mut idea_ids = Vec::new();
    for (index, (title, body)) in demo.ideas.iter().enumerate() {
        let author = staff[(index * 7) % staff.len()];
        let created = at(index, demo.ideas.len() + 1);
        idea_ids
            .push(db::ideas::insert(&mut *tx, challenge_id, author, title, body, created).await?);
    }
    for (index, &idea_id) in idea_ids.iter().enumerate().take(demo.comments.len() * 2) {
        let body = demo.comments[index % demo.comments.len()];
        let author = staff[(index * 5 + 3) % staff.len()];
        let created = at(index + demo.ideas.len(), demo.ideas.len() * 2 + 1);
        let (comment_id, _) =
            db::comments::insert(&mut tx, idea_id, challenge_id, author, None, body, created)
                .await?;
        if index == 0 {
            let reply = "Thanks! We will look at this with the works council before summer.";
            let (reply_id, _) = db::comments::insert(
                &mut tx,
                idea_id,
                challenge_id,
                sponsor,
                Some(comment_id),
                reply,
                created + 3_600_000,
            )
            .await?;
            db::comments::set_official(&mut *tx, reply_id, Some(sponsor), created + 3_600_000)
                .await?;
        }
    }
    // Most people vote, fewer on later ideas: a realistic long tail. Refusals (budget spent)
    // are part of the demo's realism; they write nothing.
    for (rank, &idea_id) in idea_ids.iter().enumerate() {
        let votes: Vec<db::votes::VoteRequest> = staff
            .iter()
            .enumerate()
            .filter_map(|(voter_index, &person_id)| {
                let wanted = match (voter_index + rank * 3) % 7 {
                    0 | 1 => 1,
                    2 if rank < 4 => demo.voting.max_per_idea(),
                    _ => return None,
                };
                Some(db::votes::VoteRequest {
                    challenge_id,
                    idea_id,
                    person_id,
                    wanted,
                })
            })
            .collect();
        let when = at(rank + 1, idea_ids.len() + 1);
        db::votes::apply_votes(&mut tx, db.backend(), &votes, when).await?;
    }
    tx.commit().await?;
    Ok(SeededChallenge {
        id: challenge_id,
        idea_ids,
    })
}

fn staff_record(index: usize, department: &str, region: &str, manager_id: i64) -> PersonRecord {
    let given = GIVEN[index % GIVEN.len()];
    let family = FAMILY[index / GIVEN.len()];
    PersonRecord {
        display_name: format!("{given} {family}"),
        email: format!(
            "{}.{}@chorus.example",
            given.to_lowercase().replace('í', "i"),
            family.to_lowercase()
        ),
        role: Role::Member,
        department: department.to_owned(),
        region: region.to_owned(),
        manager_id: Some(manager_id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::db::test_support::fresh_db;

    #[tokio::test]
    async fn the_demo_has_every_role_and_is_seeded_once() {
        let test = fresh_db().await;
        let db = &test.db;
        assert!(seed_if_empty(db).await.unwrap());
        assert!(
            !seed_if_empty(db).await.unwrap(),
            "second start seeds nothing"
        );

        let people = db::people::list(db.reader()).await.unwrap();
        assert!(
            people.len() >= 30,
            "a few dozen people, got {}",
            people.len()
        );
        for (email, role) in DEMO_LOGINS {
            let person = people.iter().find(|p| p.email == email).unwrap();
            assert_eq!(person.role, role);
            assert!(person.has_password);
        }
        let departments: std::collections::HashSet<_> =
            people.iter().map(|p| p.department.as_str()).collect();
        let regions: std::collections::HashSet<_> =
            people.iter().map(|p| p.region.as_str()).collect();
        assert!(departments.len() >= 6 && regions.len() == 3);
        let with_manager = people.iter().filter(|p| p.manager_email.is_some()).count();
        assert!(with_manager >= people.len() - 4);

        // The closed challenge's board is already sorted: themes, a merge and a hidden idea.
        let closed = db::challenges::all(db.reader())
            .await
            .unwrap()
            .into_iter()
            .find(|challenge| challenge.title == CLOSED_CHALLENGE.title)
            .unwrap();
        let moderator = Moderator {
            challenge_id: closed.challenge_id,
            person_id: people
                .iter()
                .find(|p| p.role == Role::Moderator)
                .unwrap()
                .person_id,
            now: now_ms(),
            locale: current_locale(),
        };
        let board = crate::server::moderation::board(db, moderator, closed.title)
            .await
            .unwrap();
        assert_eq!(board.themes.len(), 3);
        assert_eq!(
            board.ideas.len(),
            CLOSED_CHALLENGE.ideas.len() - 1,
            "one merged away"
        );
        assert_eq!(
            board
                .ideas
                .iter()
                .filter(|idea| idea.hidden.is_some())
                .count(),
            1
        );
        let unsorted: Vec<&str> = board
            .ideas
            .iter()
            .filter(|idea| idea.hidden.is_none() && idea.theme_id.is_none())
            .map(|idea| idea.title.as_str())
            .collect();
        assert_eq!(unsorted, ["Covered bike racks", "A nap room"]);
        assert!(board
            .log
            .iter()
            .any(|entry| entry.summary.starts_with("Merged")));

        // Six weeks of activity with the 90-9-1 shape: most who came only read.
        let leader = people.iter().find(|p| p.role == Role::Leader).unwrap();
        let leader = crate::model::Viewer {
            person_id: leader.person_id,
            display_name: leader.display_name.clone(),
            email: leader.email.clone(),
            role: Role::Leader,
            department: leader.department.clone(),
            region: leader.region.clone(),
        };
        let figures = crate::server::analytics::report(
            db,
            &leader,
            crate::model::ReportQuery::default(),
            now_ms(),
        )
        .await
        .unwrap();
        let segments = figures.segments;
        assert!(segments.creators > 0 && segments.contributors > segments.creators);
        assert!(segments.lurkers >= 4 * (segments.contributors + segments.creators));
        assert!(figures.audience > segments.visitors(), "some never came");
        assert!(figures.daily.iter().all(|day| day.active > 0));
    }
}
