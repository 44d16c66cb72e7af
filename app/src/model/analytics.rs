//! Participation figures: who showed up, who only read and who took part, over a period, for
//! the whole organisation or one challenge. Days are counted since 1970-01-01, UTC.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::{
    i18n::{td_string, Locale},
    locale::format_integer,
};

/// The period the figures cover, as chosen on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PeriodKind {
    #[default]
    #[serde(rename = "30d")]
    Last30Days,
    #[serde(rename = "7d")]
    Last7Days,
    /// From the challenge's opening to its closing (or today, while it is open).
    Window,
    /// The `from` and `to` dates given.
    Custom,
}

impl PeriodKind {
    pub const ALL: [PeriodKind; 4] = [
        PeriodKind::Last7Days,
        PeriodKind::Last30Days,
        PeriodKind::Window,
        PeriodKind::Custom,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PeriodKind::Last7Days => "7d",
            PeriodKind::Last30Days => "30d",
            PeriodKind::Window => "window",
            PeriodKind::Custom => "custom",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == value)
    }
}

/// How people are grouped in the breakdown and filtered in people lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dimension {
    #[default]
    Department,
    Region,
    Manager,
}

impl Dimension {
    pub const ALL: [Dimension; 3] = [Dimension::Department, Dimension::Region, Dimension::Manager];

    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Department => "department",
            Dimension::Region => "region",
            Dimension::Manager => "manager",
        }
    }

    /// "Department", "Region", "Manager" in `locale`. The CSV's column is [`Dimension::as_str`].
    pub fn name(self, locale: Locale) -> &'static str {
        match self {
            Dimension::Department => td_string!(locale, analytics.dimension_department),
            Dimension::Region => td_string!(locale, analytics.dimension_region),
            Dimension::Manager => td_string!(locale, analytics.dimension_manager),
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|dimension| dimension.as_str() == value)
    }
}

/// What the analytics page asks for.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReportQuery {
    /// One challenge, or the whole organisation.
    pub challenge_id: Option<i64>,
    pub period: PeriodKind,
    /// `YYYY-MM-DD`, for [`PeriodKind::Custom`].
    pub from: String,
    pub to: String,
    pub by: Dimension,
}

impl ReportQuery {
    /// Reads the page's query string (`challenge`, `period`, `from`, `to`, `by`); anything
    /// missing or unknown takes its default.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        Self {
            challenge_id: get("challenge").and_then(|id| id.parse().ok()),
            period: get("period")
                .and_then(|period| PeriodKind::parse(&period))
                .unwrap_or_default(),
            from: get("from").unwrap_or_default(),
            to: get("to").unwrap_or_default(),
            by: get("by")
                .and_then(|by| Dimension::parse(&by))
                .unwrap_or_default(),
        }
    }

    /// The query string that reads back as this query, without the `?`.
    pub fn to_query(&self) -> String {
        let mut pairs = vec![
            ("period", self.period.as_str().to_owned()),
            ("by", self.by.as_str().to_owned()),
        ];
        if let Some(challenge_id) = self.challenge_id {
            pairs.push(("challenge", challenge_id.to_string()));
        }
        if self.period == PeriodKind::Custom {
            pairs.push(("from", self.from.clone()));
            pairs.push(("to", self.to.clone()));
        }
        encode_pairs(&pairs)
    }
}

impl PeopleQuery {
    /// Days looked back when the page does not say.
    pub const DEFAULT_DAYS: i64 = 14;

    /// Reads the people page's query string (`challenge`, `status`, `days`, `department`,
    /// `region`, `manager`).
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        Self {
            challenge_id: get("challenge").and_then(|id| id.parse().ok()),
            status: get("status")
                .and_then(|status| Activeness::parse(&status))
                .unwrap_or_default(),
            days: get("days")
                .and_then(|days| days.trim().parse().ok())
                .unwrap_or(Self::DEFAULT_DAYS),
            department: get("department").unwrap_or_default(),
            region: get("region").unwrap_or_default(),
            manager_id: get("manager").and_then(|id| id.parse().ok()),
        }
    }

    /// The query string that reads back as this query, without the `?`.
    pub fn to_query(&self) -> String {
        let mut pairs = vec![
            ("status", self.status.as_str().to_owned()),
            ("days", self.days.to_string()),
        ];
        if let Some(challenge_id) = self.challenge_id {
            pairs.push(("challenge", challenge_id.to_string()));
        }
        for (name, value) in [("department", &self.department), ("region", &self.region)] {
            if !value.is_empty() {
                pairs.push((name, value.clone()));
            }
        }
        if let Some(manager_id) = self.manager_id {
            pairs.push(("manager", manager_id.to_string()));
        }
        encode_pairs(&pairs)
    }
}

/// `a=1&b=x%20y`: names are ours, values are percent-encoded.
fn encode_pairs(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .map(|(name, value)| format!("{name}={}", percent_encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

fn percent_encode(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (byte as char).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

/// A stage of the funnel. The whole organisation's funnel runs `Everyone`, `SignedIn`,
/// `ViewedAChallenge`, `Voted`, `Commented`, `SubmittedAnIdea`; a challenge's starts with
/// `InTheAudience` and has `ViewedTheChallenge` instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FunnelStage {
    /// Everyone in the organisation.
    Everyone,
    /// Everyone in the challenge's audience.
    InTheAudience,
    SignedIn,
    /// Opened any challenge (the whole organisation).
    ViewedAChallenge,
    /// Opened the challenge in scope.
    ViewedTheChallenge,
    Voted,
    Commented,
    SubmittedAnIdea,
}

impl FunnelStage {
    /// The stages of the whole organisation's funnel, in order.
    pub const ORGANISATION: [FunnelStage; 6] = [
        FunnelStage::Everyone,
        FunnelStage::SignedIn,
        FunnelStage::ViewedAChallenge,
        FunnelStage::Voted,
        FunnelStage::Commented,
        FunnelStage::SubmittedAnIdea,
    ];
    /// The stages of one challenge's funnel, in order.
    pub const CHALLENGE: [FunnelStage; 6] = [
        FunnelStage::InTheAudience,
        FunnelStage::SignedIn,
        FunnelStage::ViewedTheChallenge,
        FunnelStage::Voted,
        FunnelStage::Commented,
        FunnelStage::SubmittedAnIdea,
    ];

    /// The stage's name in `locale`; the CSV download writes it in English.
    pub fn name(self, locale: Locale) -> &'static str {
        match self {
            FunnelStage::Everyone => td_string!(locale, analytics.step_everyone),
            FunnelStage::InTheAudience => td_string!(locale, analytics.step_in_audience),
            FunnelStage::SignedIn => td_string!(locale, analytics.step_signed_in),
            FunnelStage::ViewedAChallenge => td_string!(locale, analytics.step_viewed_a_challenge),
            FunnelStage::ViewedTheChallenge => {
                td_string!(locale, analytics.step_viewed_the_challenge)
            }
            FunnelStage::Voted => td_string!(locale, analytics.step_voted),
            FunnelStage::Commented => td_string!(locale, analytics.step_commented),
            FunnelStage::SubmittedAnIdea => td_string!(locale, analytics.step_submitted_an_idea),
        }
    }
}

/// One step of the funnel: how many people of the audience did this in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunnelStep {
    pub stage: FunnelStage,
    pub people: i64,
}

/// The 90-9-1 split of the people who showed up. Every visitor is in exactly one segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Segments {
    /// Came (signed in, or viewed the challenge) but did not vote, comment or submit.
    pub lurkers: i64,
    /// Voted or commented, submitted nothing.
    pub contributors: i64,
    /// Submitted at least one idea.
    pub creators: i64,
}

impl Segments {
    pub fn visitors(&self) -> i64 {
        self.lurkers + self.contributors + self.creators
    }

    /// Took part: voted, commented or submitted an idea.
    pub fn taking_part(&self) -> i64 {
        self.contributors + self.creators
    }

    /// Share of `audience` that took part, in percent.
    pub fn taking_part_percent(&self, audience: i64) -> f64 {
        percent(self.taking_part(), audience)
    }
}

/// The reference split the segments are compared with (Nielsen's 90-9-1 rule), in percent.
pub const REFERENCE_SPLIT: [(&str, f64); 3] =
    [("Lurkers", 90.0), ("Contributors", 9.0), ("Creators", 1.0)];

/// Which group a row of the breakdown is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum GroupName {
    /// A department, a region, or a manager's display name.
    Named(String),
    /// People without a department, region or manager (depending on the breakdown).
    Unassigned,
    /// The groups under the smallest group size, folded together.
    SmallGroups,
}

impl GroupName {
    /// The group's name in `locale` (the CSV download writes it in English): a real
    /// department, region or person as it is, "No department" (region, manager) for `by`, or
    /// "Groups under `smallest_group` people".
    pub fn name(&self, locale: Locale, by: Dimension, smallest_group: i64) -> Cow<'_, str> {
        match self {
            GroupName::Named(name) => Cow::Borrowed(name),
            GroupName::Unassigned => Cow::Borrowed(match by {
                Dimension::Department => td_string!(locale, analytics.group_no_department),
                Dimension::Region => td_string!(locale, analytics.group_no_region),
                Dimension::Manager => td_string!(locale, analytics.group_no_manager),
            }),
            GroupName::SmallGroups => Cow::Owned(
                td_string!(
                    locale,
                    analytics.group_small,
                    size = format_integer(locale, smallest_group),
                )
                .to_string(),
            ),
        }
    }
}

/// One department, region or manager's team in the breakdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupFigures {
    pub name: GroupName,
    pub audience: i64,
    pub segments: Segments,
}

impl GroupFigures {
    /// Share of the group's audience that showed up, in percent.
    pub fn active_percent(&self) -> f64 {
        percent(self.segments.visitors(), self.audience)
    }

    /// Share of the group's audience that voted, commented or created, in percent.
    pub fn taking_part_percent(&self) -> f64 {
        self.segments.taking_part_percent(self.audience)
    }
}

/// People active on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DailyFigures {
    pub day: i64,
    /// Showed up: signed in, or viewed the challenge.
    pub active: i64,
    /// Voted, commented or submitted an idea.
    pub taking_part: i64,
}

/// The last 7 days of the period against the 7 before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WeekOverWeek {
    pub this_week: Segments,
    pub last_week: Segments,
}

/// How leadership answers: ideas submitted in the period and how many got an official
/// response (at any time since).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Responsiveness {
    pub ideas: i64,
    pub answered: i64,
    /// Median time from the idea to its first official response, in hours.
    pub median_hours: Option<f64>,
}

/// A challenge to choose as the scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeChoice {
    pub challenge_id: i64,
    pub title: String,
}

/// Everything the analytics page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalyticsReport {
    pub query: ReportQuery,
    /// The challenge's title; `None` for the whole organisation.
    pub scope: Option<String>,
    pub from_day: i64,
    pub to_day: i64,
    pub audience: i64,
    pub funnel: Vec<FunnelStep>,
    pub segments: Segments,
    /// Sorted weakest first (lowest share taking part, then lowest share active).
    pub groups: Vec<GroupFigures>,
    /// Groups below this size are folded into one row for viewers who may not see people.
    pub smallest_group: i64,
    pub daily: Vec<DailyFigures>,
    pub week: WeekOverWeek,
    pub responsiveness: Responsiveness,
    pub challenges: Vec<ScopeChoice>,
    /// Leaders and admins, unless the organisation turned per-person lists off.
    pub may_list_people: bool,
    /// Admins may turn per-person lists on and off.
    pub may_change_privacy: bool,
    pub person_lists_hidden: bool,
}

/// Active or inactive in the last N days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Activeness {
    #[default]
    Inactive,
    Active,
}

impl Activeness {
    pub fn as_str(self) -> &'static str {
        match self {
            Activeness::Inactive => "inactive",
            Activeness::Active => "active",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Activeness::Inactive, Activeness::Active]
            .into_iter()
            .find(|status| status.as_str() == value)
    }
}

/// What the people list asks for. Empty filters match everyone.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PeopleQuery {
    pub challenge_id: Option<i64>,
    pub status: Activeness,
    pub days: i64,
    pub department: String,
    pub region: String,
    pub manager_id: Option<i64>,
}

/// The segment a person was in over the list's last N days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Segment {
    Absent,
    Lurker,
    Contributor,
    Creator,
}

impl Segment {
    /// What the person did, in `locale`; the people CSV writes it in English.
    pub fn name(self, locale: Locale) -> &'static str {
        match self {
            Segment::Absent => td_string!(locale, analytics.segment_absent),
            Segment::Lurker => td_string!(locale, analytics.segment_lurker),
            Segment::Contributor => td_string!(locale, analytics.segment_contributor),
            Segment::Creator => td_string!(locale, analytics.segment_creator),
        }
    }
}

/// One person in a people list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonActivity {
    pub person_id: i64,
    pub display_name: String,
    pub email: String,
    pub department: String,
    pub region: String,
    pub manager: String,
    /// The last day they showed up (in the scope), ever.
    pub last_seen_day: Option<i64>,
    pub segment: Segment,
}

/// A manager to filter by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagerChoice {
    pub person_id: i64,
    pub display_name: String,
}

/// The people list page: the matching people (the first [`PeopleList::SHOWN`] of them) and
/// what can be filtered on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeopleList {
    pub query: PeopleQuery,
    /// The challenge's title; `None` for the whole organisation.
    pub scope: Option<String>,
    pub people: Vec<PersonActivity>,
    pub total: usize,
    pub departments: Vec<String>,
    pub regions: Vec<String>,
    pub managers: Vec<ManagerChoice>,
    pub challenges: Vec<ScopeChoice>,
}

impl PeopleList {
    /// Rows shown on the page; the CSV has them all.
    pub const SHOWN: usize = 200;
}

/// `part` of `whole` in percent; 0 when `whole` is 0.
pub fn percent(part: i64, whole: i64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

/// One decimal place, as percentages are shown and exported.
pub fn one_decimal(value: f64) -> String {
    format!("{value:.1}")
}

/// "2026-11-22" for a day number.
pub fn day_label(day: i64) -> String {
    let (year, month, day) = crate::domain::local_time::civil_from_days(day);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_read_back_from_their_spelling() {
        for kind in PeriodKind::ALL {
            assert_eq!(PeriodKind::parse(kind.as_str()), Some(kind));
        }
        for dimension in Dimension::ALL {
            assert_eq!(Dimension::parse(dimension.as_str()), Some(dimension));
        }
        assert_eq!(PeriodKind::parse("year"), None);
    }

    #[test]
    fn queries_read_back_from_their_query_string() {
        let read = |query: &str| {
            let pairs: Vec<(String, String)> = query
                .split('&')
                .filter_map(|pair| pair.split_once('='))
                .map(|(name, value)| (name.to_owned(), value.replace("%20", " ")))
                .collect();
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(key, _)| key == name)
                    .map(|(_, value)| value.clone())
            }
        };
        let report = ReportQuery {
            challenge_id: Some(3),
            period: PeriodKind::Custom,
            from: "2026-11-01".into(),
            to: "2026-11-21".into(),
            by: Dimension::Manager,
        };
        assert_eq!(ReportQuery::from_query(read(&report.to_query())), report);
        let people = PeopleQuery {
            challenge_id: None,
            status: Activeness::Active,
            days: 30,
            department: "Customer Care".into(),
            region: String::new(),
            manager_id: Some(12),
        };
        assert_eq!(
            people.to_query(),
            "status=active&days=30&department=Customer%20Care&manager=12"
        );
        assert_eq!(PeopleQuery::from_query(read(&people.to_query())), people);
        assert_eq!(
            PeopleQuery::from_query(|_| None).days,
            PeopleQuery::DEFAULT_DAYS
        );
    }

    #[test]
    fn percentages_survive_empty_groups() {
        assert_eq!(percent(1, 0), 0.0);
        assert_eq!(percent(1, 4), 25.0);
        let group = GroupFigures {
            name: GroupName::Named("HR".into()),
            audience: 10,
            segments: Segments {
                lurkers: 5,
                contributors: 2,
                creators: 1,
            },
        };
        assert_eq!(group.active_percent(), 80.0);
        assert_eq!(group.taking_part_percent(), 30.0);
    }

    #[test]
    fn names_are_translated_and_written_in_english_for_the_downloads() {
        let small = GroupName::SmallGroups;
        assert_eq!(
            small.name(Locale::nl, Dimension::Region, 1200),
            "Groepen kleiner dan 1.200 mensen"
        );
        assert_eq!(
            small.name(Locale::en, Dimension::Region, 5),
            "Groups under 5 people"
        );
        assert_eq!(
            GroupName::Unassigned.name(Locale::es, Dimension::Manager, 5),
            "Sin responsable"
        );
        assert_eq!(FunnelStage::Voted.name(Locale::nl), "Stemden");
        assert_eq!(Segment::Lurker.name(Locale::es), "Solo leyó");
    }

    #[test]
    fn days_are_dates() {
        assert_eq!(day_label(0), "1970-01-01");
        assert_eq!(day_label(20_414), "2025-11-22");
    }
}
