//! The synthesis: what moderators compose (a summary and highlights per theme), what gets
//! published, and the infographic computed from it and the live figures.
//!
//! A publication stores the composition (summary, themes, highlights and which idea is in which
//! theme) so members see what was published while moderators keep working on the board; the
//! figures (votes, comments, participants) are always live.

pub mod downloads;
mod drawing;
mod export;
mod render;
pub mod sample;
#[cfg(test)]
mod tests;
mod treemap;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;

pub use drawing::draw;
pub use export::{export_csv, export_json};
pub use render::{pdf, png};

use super::{
    access::ChallengeAccess,
    clock::DAY_MS,
    db::{
        self,
        challenges::ChallengeRow,
        synthesis::{Act, IdeaFact},
        Db,
    },
    markdown::plain_excerpt,
};
use crate::{
    error::AppError,
    i18n::{td_string, Locale},
    model::{
        Contributor, DayActivity, Figures, Highlight, Infographic, InfographicTheme,
        NotificationKind, Viewer,
    },
};

/// Highlights a theme may have.
pub const MOST_HIGHLIGHTS: usize = 3;
/// The overall summary on the infographic is cut to this many characters.
const SUMMARY_CHARS: usize = 600;
const THEME_SUMMARY_CHARS: usize = 240;
const UNSORTED_NAME: &str = "Other ideas";
const UNSORTED_COLOUR: &str = "#8a8f98";

/// What a publication shows, apart from the live figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Composition {
    /// Markdown.
    pub summary: String,
    /// In board order.
    pub themes: Vec<ComposedTheme>,
    /// `(idea_id, theme_id)` for every sorted idea.
    pub placement: Vec<(i64, i64)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComposedTheme {
    pub theme_id: i64,
    pub name: String,
    /// Markdown.
    pub summary: String,
    pub colour: String,
    /// `(idea_id, quote)`, in order.
    pub highlights: Vec<(i64, Option<String>)>,
}

/// The composition as the board and the draft stand now.
pub async fn draft(db: &Db, challenge_id: i64) -> Result<Composition, AppError> {
    let summary = db::synthesis::summary(db.reader(), challenge_id)
        .await?
        .unwrap_or_default();
    let highlights = db::synthesis::highlights(db.reader(), challenge_id).await?;
    let themes = db::moderation::themes(db.reader(), challenge_id)
        .await?
        .into_iter()
        .map(|theme| ComposedTheme {
            highlights: highlights
                .iter()
                .filter(|highlight| highlight.theme_id == theme.theme_id)
                .map(|highlight| (highlight.idea_id, highlight.quote.clone()))
                .collect(),
            theme_id: theme.theme_id,
            name: theme.name,
            summary: theme.summary,
            colour: theme.colour,
        })
        .collect();
    let placement = db::synthesis::counted_ideas(db.reader(), challenge_id)
        .await?
        .into_iter()
        .filter_map(|idea| idea.theme_id.map(|theme_id| (idea.idea_id, theme_id)))
        .collect();
    Ok(Composition {
        summary,
        themes,
        placement,
    })
}

/// The latest publication: when, and what it showed.
pub async fn published(db: &Db, challenge_id: i64) -> Result<Option<(i64, Composition)>, AppError> {
    match db::synthesis::latest_publication(db.reader(), challenge_id).await? {
        Some((at, json)) => {
            let composition = serde_json::from_str(&json)
                .map_err(|error| super::internal("synthesis publication", error))?;
            Ok(Some((at, composition)))
        }
        None => Ok(None),
    }
}

/// Publishes the draft and tells every participant; returns how many times the synthesis has
/// now been published.
pub async fn publish(
    db: &Db,
    tx: &mut AnyConnection,
    challenge_id: i64,
    by: i64,
    now: i64,
) -> Result<i64, AppError> {
    let composition = draft(db, challenge_id).await?;
    let json = serde_json::to_string(&composition)
        .map_err(|error| super::internal("synthesis publication", error))?;
    let count = db::synthesis::publish(tx, challenge_id, by, now, &json).await?;
    for participant in db::synthesis::participants(&mut *tx, challenge_id).await? {
        db::notifications::insert(
            &mut *tx,
            participant.person_id,
            NotificationKind::SynthesisPublished,
            challenge_id,
            None,
            Some(by),
            now,
        )
        .await?;
    }
    Ok(count)
}

/// Which composition a viewer gets to see, of which challenge.
pub struct Shown {
    pub challenge: ChallengeRow,
    pub composition: Composition,
    /// `None`: never published (a moderator's preview).
    pub published_at: Option<i64>,
    pub preview: bool,
    pub moderates: bool,
}

impl Shown {
    /// The published synthesis for anyone who sees the challenge; the draft for its moderators
    /// when they ask for a `preview`, or when nothing is published yet.
    pub async fn load(
        db: &Db,
        viewer: &Viewer,
        challenge_id: i64,
        preview: bool,
        now: i64,
    ) -> Result<Self, AppError> {
        let access = ChallengeAccess::load(db, viewer, challenge_id, now).await?;
        let moderates = access.moderates(db, viewer).await?;
        let published = published(db, challenge_id).await?;
        let published_at = published.as_ref().map(|(at, _)| *at);
        let (composition, preview) = match published {
            Some((_, composition)) if !(preview && moderates) => (composition, false),
            _ if moderates => (draft(db, challenge_id).await?, true),
            _ => {
                return Err(AppError::not_found(td_string!(
                    crate::locale::current_locale(),
                    errors.synthesis_not_published
                )))
            }
        };
        Ok(Self {
            challenge: access.challenge,
            composition,
            published_at,
            preview,
            moderates,
        })
    }
}

/// The live facts of a challenge the infographic and the exports are computed from.
pub struct Facts {
    pub ideas: Vec<IdeaFact>,
    pub comments: Vec<Act>,
    pub votes: Vec<Act>,
    pub co_authors: Vec<Act>,
    pub participants: Vec<db::synthesis::Participant>,
    pub audience: i64,
}

impl Facts {
    pub async fn load(db: &Db, challenge_id: i64) -> Result<Self, AppError> {
        let reader = db.reader();
        Ok(Self {
            ideas: db::synthesis::counted_ideas(reader, challenge_id).await?,
            comments: db::synthesis::counted_comments(reader, challenge_id).await?,
            votes: db::synthesis::counted_votes(reader, challenge_id).await?,
            co_authors: db::synthesis::co_authors(reader, challenge_id).await?,
            participants: db::synthesis::participants(reader, challenge_id).await?,
            audience: db::synthesis::audience_size(reader, challenge_id).await?,
        })
    }

    /// The theme (index into the composition's themes) of each counted idea; `None` for
    /// unsorted ideas.
    fn theme_of(&self, composition: &Composition) -> HashMap<i64, Option<usize>> {
        let index: HashMap<i64, usize> = composition
            .themes
            .iter()
            .enumerate()
            .map(|(at, theme)| (theme.theme_id, at))
            .collect();
        let placed: HashMap<i64, i64> = composition.placement.iter().copied().collect();
        self.ideas
            .iter()
            .map(|idea| {
                let theme = placed
                    .get(&idea.idea_id)
                    .and_then(|theme_id| index.get(theme_id).copied());
                (idea.idea_id, theme)
            })
            .collect()
    }
}

/// The infographic of `challenge` as `composition` arranges it, with live figures.
pub fn infographic(
    challenge: &ChallengeRow,
    composition: &Composition,
    facts: &Facts,
    now: i64,
) -> Infographic {
    let theme_of = facts.theme_of(composition);
    let names: HashMap<i64, &str> = facts
        .participants
        .iter()
        .map(|person| (person.person_id, person.display_name.as_str()))
        .collect();
    let shown_name = |person_id: i64| {
        let name = names.get(&person_id).copied().unwrap_or_default();
        if challenge.hide_authors {
            initials(name)
        } else {
            name.to_owned()
        }
    };
    // Slot `themes.len()` collects the unsorted ideas.
    let slots = composition.themes.len() + 1;
    let slot = |idea_id: i64| {
        theme_of
            .get(&idea_id)
            .map(|theme| theme.unwrap_or(slots - 1))
    };
    let mut ideas = vec![0_i64; slots];
    let mut comments = vec![0_i64; slots];
    let mut votes = vec![0_i64; slots];
    let mut contributors: Vec<BTreeSet<i64>> = vec![BTreeSet::new(); slots];
    for idea in &facts.ideas {
        if let Some(at) = slot(idea.idea_id) {
            ideas[at] += 1;
            votes[at] += idea.votes;
            contributors[at].insert(idea.author_id);
        }
    }
    for act in facts.comments.iter().chain(&facts.co_authors) {
        if let Some(at) = slot(act.idea_id) {
            contributors[at].insert(act.person_id);
        }
    }
    for comment in &facts.comments {
        if let Some(at) = slot(comment.idea_id) {
            comments[at] += 1;
        }
    }
    let by_id: HashMap<i64, &IdeaFact> = facts
        .ideas
        .iter()
        .map(|idea| (idea.idea_id, idea))
        .collect();
    let wall = |at: usize| {
        let mut people: Vec<Contributor> = contributors[at]
            .iter()
            .map(|&person_id| Contributor {
                person_id,
                name: shown_name(person_id),
            })
            .collect();
        people.sort_by_key(|person| person.name.to_lowercase());
        people
    };
    let mut themes: Vec<InfographicTheme> = composition
        .themes
        .iter()
        .enumerate()
        .map(|(at, theme)| InfographicTheme {
            theme_id: Some(theme.theme_id),
            name: theme.name.clone(),
            colour: theme.colour.clone(),
            summary: plain_excerpt(&theme.summary, THEME_SUMMARY_CHARS),
            ideas: ideas[at],
            comments: comments[at],
            votes: votes[at],
            highlights: theme
                .highlights
                .iter()
                .filter_map(|(idea_id, quote)| {
                    by_id.get(idea_id).map(|idea| Highlight {
                        idea_id: *idea_id,
                        title: idea.title.clone(),
                        quote: quote.clone(),
                        votes: idea.votes,
                    })
                })
                .take(MOST_HIGHLIGHTS)
                .collect(),
            contributors: wall(at),
        })
        .collect();
    let unsorted = slots - 1;
    if ideas[unsorted] > 0 {
        themes.push(InfographicTheme {
            theme_id: None,
            name: UNSORTED_NAME.to_owned(),
            colour: UNSORTED_COLOUR.to_owned(),
            summary: String::new(),
            ideas: ideas[unsorted],
            comments: comments[unsorted],
            votes: votes[unsorted],
            highlights: Vec::new(),
            contributors: wall(unsorted),
        });
    }
    let distinct = |field: fn(&db::synthesis::Participant) -> &str| {
        facts
            .participants
            .iter()
            .map(field)
            .filter(|name| !name.is_empty())
            .collect::<BTreeSet<_>>()
            .len() as i64
    };
    Infographic {
        challenge_id: challenge.challenge_id,
        title: challenge.title.clone(),
        question: challenge.question.clone(),
        sponsor_name: challenge.sponsor_name.clone(),
        opens_at: challenge.opens_at,
        closes_at: challenge.closes_at,
        summary: plain_excerpt(&composition.summary, SUMMARY_CHARS),
        figures: Figures {
            participants: facts.participants.len() as i64,
            audience: facts.audience,
            ideas: facts.ideas.len() as i64,
            comments: facts.comments.len() as i64,
            votes: facts.votes.iter().map(|vote| vote.weight).sum(),
            departments: distinct(|person| &person.department),
            regions: distinct(|person| &person.region),
        },
        themes,
        timeline: timeline(challenge, facts, now),
        hide_authors: challenge.hide_authors,
    }
}

/// Contributions and votes per UTC day, from the opening day to the closing day (or today).
fn timeline(challenge: &ChallengeRow, facts: &Facts, now: i64) -> Vec<DayActivity> {
    let first = challenge.opens_at.div_euclid(DAY_MS);
    let last = challenge
        .closes_at
        .min(now)
        .max(challenge.opens_at)
        .div_euclid(DAY_MS);
    let mut days: BTreeMap<i64, DayActivity> = (first..=last)
        .map(|day| {
            (
                day,
                DayActivity {
                    day: day * DAY_MS,
                    contributions: 0,
                    votes: 0,
                },
            )
        })
        .collect();
    let mut add = |at: i64, contributions: i64, votes: i64| {
        let day = at.div_euclid(DAY_MS).clamp(first, last);
        if let Some(entry) = days.get_mut(&day) {
            entry.contributions += contributions;
            entry.votes += votes;
        }
    };
    for idea in &facts.ideas {
        add(idea.created_at, 1, 0);
    }
    for comment in &facts.comments {
        add(comment.at, 1, 0);
    }
    for vote in &facts.votes {
        add(vote.at, 0, vote.weight);
    }
    days.into_values().collect()
}

/// "Mia Member" → "M. M.": how authors appear when the challenge hides them.
fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|word| word.chars().next())
        .map(|letter| format!("{}.", letter.to_uppercase()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// "Your 3 ideas landed in Flexible work and Tools." for the viewer, or what else they did, in
/// `locale`; `None` when they did not take part.
pub fn your_part(
    infographic: &Infographic,
    composition: &Composition,
    facts: &Facts,
    person_id: i64,
    locale: Locale,
) -> Option<String> {
    let theme_of = facts.theme_of(composition);
    // Names of the themes holding these ideas, in the infographic's order.
    let themes_of = |ideas: &BTreeSet<i64>| -> Vec<&str> {
        let ids: BTreeSet<Option<i64>> = ideas
            .iter()
            .filter_map(|idea_id| theme_of.get(idea_id))
            .map(|theme| theme.map(|at| composition.themes[at].theme_id))
            .collect();
        infographic
            .themes
            .iter()
            .filter(|theme| ids.contains(&theme.theme_id))
            .map(|theme| theme.name.as_str())
            .collect()
    };
    let authored: BTreeSet<i64> = facts
        .ideas
        .iter()
        .filter(|idea| idea.author_id == person_id)
        .map(|idea| idea.idea_id)
        .chain(
            facts
                .co_authors
                .iter()
                .filter(|act| act.person_id == person_id)
                .map(|act| act.idea_id),
        )
        .collect();
    let commented: Vec<i64> = facts
        .comments
        .iter()
        .filter(|comment| comment.person_id == person_id)
        .map(|comment| comment.idea_id)
        .collect();
    let votes: i64 = facts
        .votes
        .iter()
        .filter(|vote| vote.person_id == person_id)
        .map(|vote| vote.weight)
        .sum();
    if !authored.is_empty() {
        let themes = join_names(&themes_of(&authored), locale);
        let count = authored.len();
        Some(td_string!(locale, synthesis.your_ideas_landed, count, themes).to_string())
    } else if !commented.is_empty() {
        let themes = join_names(&themes_of(&commented.iter().copied().collect()), locale);
        let count = commented.len();
        Some(td_string!(locale, synthesis.your_comments_joined, count, themes).to_string())
    } else if votes > 0 {
        Some(td_string!(locale, synthesis.you_cast_votes, count = votes).to_string())
    } else {
        None
    }
}

/// "A", "A and B", "A, B and C" (in Spanish "A, B y C").
fn join_names(names: &[&str], locale: Locale) -> String {
    match names {
        [] => String::new(),
        [only] => (*only).to_owned(),
        [rest @ .., last] => {
            let first = rest.join(", ");
            td_string!(locale, synthesis.names_and, first, last).to_string()
        }
    }
}
