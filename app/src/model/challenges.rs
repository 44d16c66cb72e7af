//! Challenges, ideas, comments and votes as the pages show them.

use serde::{Deserialize, Serialize};

use crate::i18n::{td_string, Locale};

/// Where a challenge is in its life. Derived from the clock on every request, never stored, so
/// the server's clock alone decides what may happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    /// Not open yet; only leaders and admins see it.
    Scheduled,
    /// Ideas, comments and votes are accepted.
    Open,
    /// Read-only; moderators turn the contributions into themes.
    Closed,
    /// The synthesis is out.
    Published,
}

impl Phase {
    pub fn at(opens_at: i64, closes_at: i64, published_at: Option<i64>, now: i64) -> Phase {
        if published_at.is_some() {
            Phase::Published
        } else if now < opens_at {
            Phase::Scheduled
        } else if now < closes_at {
            Phase::Open
        } else {
            Phase::Closed
        }
    }

    /// A stable name for styles, e.g. the `phase-open` class.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Scheduled => "scheduled",
            Phase::Open => "open",
            Phase::Closed => "closed",
            Phase::Published => "synthesis-published",
        }
    }

    /// Where the challenge stands, as people read it, in `locale`.
    pub fn name(self, locale: Locale) -> &'static str {
        match self {
            Phase::Scheduled => td_string!(locale, common.phase_scheduled),
            Phase::Open => td_string!(locale, common.phase_open),
            Phase::Closed => td_string!(locale, common.phase_closed),
            Phase::Published => td_string!(locale, common.phase_published),
        }
    }
}

/// How people vote in a challenge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum VotingRule {
    /// Everyone may support any number of ideas, once each.
    OnePerIdea,
    /// A budget of `budget` votes per person, at most `max_per_idea` of them on one idea.
    Dots { budget: i64, max_per_idea: i64 },
}

impl VotingRule {
    pub fn max_per_idea(self) -> i64 {
        match self {
            VotingRule::OnePerIdea => 1,
            VotingRule::Dots { max_per_idea, .. } => max_per_idea,
        }
    }

    /// Votes per person in the whole challenge; `None` is unlimited.
    pub fn budget(self) -> Option<i64> {
        match self {
            VotingRule::OnePerIdea => None,
            VotingRule::Dots { budget, .. } => Some(budget),
        }
    }
}

/// Who is invited. Empty lists mean no restriction on that attribute.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Audience {
    pub departments: Vec<String>,
    pub regions: Vec<String>,
}

impl Audience {
    pub fn is_everyone(&self) -> bool {
        self.departments.is_empty() && self.regions.is_empty()
    }

    pub fn includes(&self, department: &str, region: &str) -> bool {
        let matches = |names: &[String], value: &str| {
            names.is_empty() || names.iter().any(|name| name == value)
        };
        matches(&self.departments, department) && matches(&self.regions, region)
    }

    /// Who is invited, e.g. "HR, Finance in Europe", in `locale`; department and region names
    /// stay as they are written.
    pub fn describe(&self, locale: Locale) -> String {
        let departments = self.departments.join(", ");
        let regions = self.regions.join(", ");
        match (self.departments.is_empty(), self.regions.is_empty()) {
            (true, true) => td_string!(locale, common.audience_everyone).to_owned(),
            (false, true) => departments,
            (true, false) => regions,
            (false, false) => {
                td_string!(locale, common.audience_in, departments, regions).to_string()
            }
        }
    }
}

/// A challenge as the home page lists it, with the viewer's own participation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeSummary {
    pub challenge_id: i64,
    pub title: String,
    pub question: String,
    pub phase: Phase,
    pub opens_at: i64,
    pub closes_at: i64,
    pub idea_count: i64,
    pub my_ideas: i64,
    pub my_votes: i64,
    pub my_comments: i64,
}

/// The home page: challenges grouped by phase, and the server's clock for countdowns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeList {
    pub now: i64,
    pub challenges: Vec<ChallengeSummary>,
}

/// One change to a challenge's time box.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeChange {
    pub kind: String,
    pub person_name: String,
    pub closes_before: Option<i64>,
    pub closes_after: i64,
    pub changed_at: i64,
}

/// Everything the challenge page shows above the ideas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeDetail {
    pub challenge_id: i64,
    pub title: String,
    pub question: String,
    /// The brief, rendered from Markdown and sanitised.
    pub brief_html: String,
    pub sponsor_id: i64,
    pub sponsor_name: String,
    pub opens_at: i64,
    pub closes_at: i64,
    pub phase: Phase,
    pub audience: Audience,
    pub voting: VotingRule,
    pub hide_authors: bool,
    pub idea_count: i64,
    /// Votes the viewer can still spend; `None` when the rule has no budget.
    pub votes_left: Option<i64>,
    /// The viewer may submit, comment and vote (in the audience, and the challenge is open).
    pub can_take_part: bool,
    /// The viewer may extend or close the challenge.
    pub can_manage: bool,
    /// The viewer may mark comments as the official response (sponsor, leaders, admins).
    pub can_respond_officially: bool,
    /// The viewer may open the moderation board (assigned moderators, leaders, admins).
    pub can_moderate: bool,
    /// For those who manage the challenge: people with the moderator role, and who of them
    /// moderates this challenge. Empty for everyone else.
    pub moderators: Vec<ModeratorChoice>,
    pub changes: Vec<ChallengeChange>,
    pub now: i64,
}

/// What a leader fills in to launch a challenge. Times are the browser's local wall-clock
/// (`YYYY-MM-DDTHH:MM`) with its offset from UTC, so the server stores the right instant.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeInput {
    pub title: String,
    pub question: String,
    pub brief: String,
    pub sponsor_id: i64,
    pub opens_local: String,
    pub closes_local: String,
    /// Minutes to add to local time to get UTC, as JavaScript's `getTimezoneOffset` gives it.
    pub utc_offset_minutes: i64,
    #[serde(default)]
    pub departments: Vec<String>,
    #[serde(default)]
    pub regions: Vec<String>,
    /// `"one_per_idea"` or `"dots"`.
    pub voting: String,
    #[serde(default)]
    pub vote_budget: Option<i64>,
    #[serde(default)]
    pub max_per_idea: Option<i64>,
    #[serde(default)]
    pub hide_authors: Option<String>,
}

/// The choices the launch form offers: sponsors and the audience's departments and regions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LaunchOptions {
    /// The server's clock, for default opening and closing times.
    pub now: i64,
    pub sponsors: Vec<PersonChoice>,
    pub departments: Vec<String>,
    pub regions: Vec<String>,
}

/// Someone who can moderate a challenge, and whether they do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModeratorChoice {
    pub person_id: i64,
    pub display_name: String,
    pub assigned: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonChoice {
    pub person_id: i64,
    pub display_name: String,
}

/// The orders in which ideas can be listed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IdeaSort {
    #[default]
    New,
    Top,
    Trending,
    /// A random order of its own for every person, stable across pages, so early ideas do not
    /// collect votes just by being first on everyone's screen.
    Shuffle,
}

impl IdeaSort {
    pub const ALL: [IdeaSort; 4] = [
        IdeaSort::New,
        IdeaSort::Top,
        IdeaSort::Trending,
        IdeaSort::Shuffle,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            IdeaSort::New => "new",
            IdeaSort::Top => "top",
            IdeaSort::Trending => "trending",
            IdeaSort::Shuffle => "shuffle",
        }
    }

    pub fn parse(value: &str) -> Option<IdeaSort> {
        IdeaSort::ALL
            .into_iter()
            .find(|sort| sort.as_str() == value)
    }
}

/// One idea in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdeaCard {
    pub idea_id: i64,
    pub title: String,
    /// The start of the body as plain text.
    pub excerpt: String,
    /// `None` when the challenge hides authors from peers.
    pub author_name: Option<String>,
    pub mine: bool,
    pub votes: i64,
    pub my_votes: i64,
    pub comment_count: i64,
    pub created_at: i64,
}

/// One page of ideas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdeaPage {
    pub ideas: Vec<IdeaCard>,
    /// Ideas matching the search, on all pages.
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
}

impl IdeaPage {
    pub fn page_count(&self) -> i64 {
        ((self.total + self.page_size - 1) / self.page_size).max(1)
    }
}

/// An idea with its discussion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdeaDetail {
    pub card: IdeaCard,
    /// The Markdown source, for the author's edit form.
    pub body: String,
    pub body_html: String,
    pub updated_at: i64,
    pub comments: Vec<CommentView>,
    /// Authors of ideas a moderator merged into this one.
    pub co_contributors: Vec<String>,
    /// Why a moderator hid the idea; only its author and the moderators see it then.
    pub hidden_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentView {
    pub comment_id: i64,
    pub author_name: Option<String>,
    pub mine: bool,
    pub body_html: String,
    pub created_at: i64,
    /// Marked by the sponsor or a leader as the official response.
    pub official: bool,
    /// Why a moderator hid it; only its author sees a hidden comment.
    pub hidden_reason: Option<String>,
    pub replies: Vec<CommentView>,
}

/// A short reference to an idea, e.g. a similar one shown while typing a new idea.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdeaLink {
    pub idea_id: i64,
    pub title: String,
    pub votes: i64,
}

/// The state after a vote was committed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteReceipt {
    pub idea_id: i64,
    pub my_votes: i64,
    pub idea_votes: i64,
    pub votes_left: Option<i64>,
}

/// What happens on a challenge, pushed to everyone on its page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LiveEvent {
    /// Ideas were added, edited or withdrawn: lists should be fetched again.
    IdeasChanged,
    /// New vote totals, coalesced: `(idea_id, votes)`.
    Votes { counts: Vec<(i64, i64)> },
    /// A comment was added or marked official on this idea.
    Discussion { idea_id: i64, comment_count: i64 },
    /// The time box changed (extended or closed early).
    ChallengeChanged,
    /// Events may have been missed (a dropped connection or a slow reader): fetch everything.
    Resync,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// The person is in the audience of a challenge that just opened.
    Invitation,
    Comment,
    OfficialResponse,
    ClosingSoon,
    SynthesisPublished,
    /// A moderator merged the person's idea into a similar one.
    Merged,
    /// A moderator hid the person's idea or comment.
    Hidden,
}

impl NotificationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NotificationKind::Invitation => "invitation",
            NotificationKind::Comment => "comment",
            NotificationKind::OfficialResponse => "official_response",
            NotificationKind::ClosingSoon => "closing_soon",
            NotificationKind::SynthesisPublished => "synthesis_published",
            NotificationKind::Merged => "merged",
            NotificationKind::Hidden => "hidden",
        }
    }

    pub const ALL: [NotificationKind; 7] = [
        NotificationKind::Invitation,
        NotificationKind::ClosingSoon,
        NotificationKind::Comment,
        NotificationKind::OfficialResponse,
        NotificationKind::SynthesisPublished,
        NotificationKind::Merged,
        NotificationKind::Hidden,
    ];

    pub fn parse(value: &str) -> Option<NotificationKind> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == value)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub notification_id: i64,
    pub kind: NotificationKind,
    pub challenge_id: i64,
    pub challenge_title: String,
    pub idea_id: Option<i64>,
    pub idea_title: Option<String>,
    pub actor_name: Option<String>,
    pub created_at: i64,
    pub read: bool,
}

impl Notification {
    /// One line saying what happened, in `locale`.
    pub fn message(&self, locale: Locale) -> String {
        let idea = match &self.idea_title {
            Some(title) => title.as_str(),
            None => td_string!(locale, common.notify_your_idea),
        };
        let actor = match &self.actor_name {
            Some(name) => name.as_str(),
            None => td_string!(locale, common.notify_someone),
        };
        let challenge = &self.challenge_title;
        match self.kind {
            NotificationKind::Invitation => {
                td_string!(locale, common.notify_invitation, challenge).to_string()
            }
            NotificationKind::Comment => {
                td_string!(locale, common.notify_comment, actor, idea).to_string()
            }
            NotificationKind::OfficialResponse => {
                td_string!(locale, common.notify_official_response, idea).to_string()
            }
            NotificationKind::ClosingSoon => {
                td_string!(locale, common.notify_closing_soon, challenge).to_string()
            }
            NotificationKind::SynthesisPublished => {
                td_string!(locale, common.notify_synthesis_published, challenge).to_string()
            }
            NotificationKind::Merged => td_string!(locale, common.notify_merged, idea).to_string(),
            NotificationKind::Hidden => td_string!(locale, common.notify_hidden, idea).to_string(),
        }
    }

    pub fn href(&self) -> String {
        match self.idea_id {
            Some(idea_id) => format!("/challenges/{}/ideas/{idea_id}", self.challenge_id),
            None => format!("/challenges/{}", self.challenge_id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_phase_follows_the_clock() {
        assert_eq!(Phase::at(100, 200, None, 99), Phase::Scheduled);
        assert_eq!(Phase::at(100, 200, None, 100), Phase::Open);
        assert_eq!(Phase::at(100, 200, None, 199), Phase::Open);
        assert_eq!(Phase::at(100, 200, None, 200), Phase::Closed);
        assert_eq!(Phase::at(100, 200, Some(300), 400), Phase::Published);
    }

    #[test]
    fn audiences_match_department_and_region() {
        let everyone = Audience::default();
        assert!(everyone.includes("HR", "Europe"));
        let hr_in_europe = Audience {
            departments: vec!["HR".into(), "Finance".into()],
            regions: vec!["Europe".into()],
        };
        assert!(hr_in_europe.includes("Finance", "Europe"));
        assert!(!hr_in_europe.includes("HR", "Americas"));
        assert!(!hr_in_europe.includes("Sales", "Europe"));
        assert_eq!(hr_in_europe.describe(Locale::en), "HR, Finance in Europe");
        assert_eq!(hr_in_europe.describe(Locale::es), "HR, Finance en Europe");
        assert_eq!(everyone.describe(Locale::nl), "Iedereen");
    }

    #[test]
    fn sorts_round_trip() {
        for sort in IdeaSort::ALL {
            assert_eq!(IdeaSort::parse(sort.as_str()), Some(sort));
        }
        assert_eq!(IdeaSort::parse("oldest"), None);
    }

    #[test]
    fn page_count_rounds_up() {
        let page = |total| IdeaPage {
            ideas: vec![],
            total,
            page: 1,
            page_size: 20,
        };
        assert_eq!(page(0).page_count(), 1);
        assert_eq!(page(20).page_count(), 1);
        assert_eq!(page(21).page_count(), 2);
    }
}
