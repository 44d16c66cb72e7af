//! Participation analytics: the figures on the analytics page and the people lists, computed
//! from recorded activity (see [`recorder`]) and the people directory.
//!
//! Loading is a handful of grouped queries (one row per person or per day, never per event);
//! everything else is plain functions over what they return, so the rules can be read here.

pub mod downloads;
pub mod recorder;
pub mod sample;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};

pub use recorder::{Activity, ActivityLog};

use super::{
    access::{visible_challenges, ChallengeAccess},
    clock::DAY_MS,
    db::{
        self,
        analytics::{ChallengeAct, PersonRow, Placement, Seen, Windows},
        Db,
    },
};
use crate::{
    domain::local_time::parse_date,
    error::AppError,
    i18n::{td_string, Locale},
    locale::current_locale,
    model::{
        Activeness, AnalyticsReport, Audience, DailyFigures, Dimension, FunnelStage, FunnelStep,
        GroupFigures, GroupName, ManagerChoice, PeopleList, PeopleQuery, PeriodKind,
        PersonActivity, ReportQuery, Responsiveness, Role, ScopeChoice, Segment, Segments, Viewer,
        WeekOverWeek,
    },
};

/// Groups smaller than this are folded together for viewers who may not see individuals, so
/// a breakdown cannot single anyone out.
pub const SMALLEST_GROUP: i64 = 5;
/// The longest period one page covers.
const LONGEST_PERIOD_DAYS: i64 = 366;

/// What the figures are about: the whole organisation, or one challenge and its audience.
pub struct Scope {
    pub challenge: Option<ChallengeAccess>,
}

impl Scope {
    /// The scope `viewer` asked for; a challenge they may not see is reported as missing.
    pub async fn load(
        db: &Db,
        viewer: &Viewer,
        challenge_id: Option<i64>,
        now: i64,
    ) -> Result<Self, AppError> {
        let challenge = match challenge_id {
            Some(challenge_id) => Some(ChallengeAccess::load(db, viewer, challenge_id, now).await?),
            None => None,
        };
        Ok(Self { challenge })
    }

    pub fn challenge_id(&self) -> Option<i64> {
        self.challenge
            .as_ref()
            .map(|access| access.challenge.challenge_id)
    }

    /// The challenge's title; `None` for the whole organisation (the page names it).
    pub fn title(&self) -> Option<String> {
        self.challenge
            .as_ref()
            .map(|access| access.challenge.title.clone())
    }

    fn audience(&self) -> Option<&Audience> {
        self.challenge.as_ref().map(|access| &access.audience)
    }

    /// Counted in the audience: invited now (and not deactivated), or seen in the scope during
    /// the period, so everyone who took part is in the figures.
    fn includes(&self, person: &PersonRow, footprint: Option<&Footprint>) -> bool {
        let invited = person.active
            && self.audience().is_none_or(|audience| {
                audience.includes(&person.placement.department, &person.placement.region)
            });
        invited || footprint.is_some_and(|footprint| footprint.segment(self) != Segment::Absent)
    }
}

/// The challenges `viewer` may choose as a scope.
pub async fn scope_choices(
    db: &Db,
    viewer: &Viewer,
    now: i64,
) -> Result<Vec<ScopeChoice>, AppError> {
    Ok(visible_challenges(db, viewer, now)
        .await?
        .into_iter()
        .map(|(challenge, _)| ScopeChoice {
            challenge_id: challenge.challenge_id,
            title: challenge.title,
        })
        .collect())
}

/// The first and last day (inclusive) a report covers.
pub fn period_days(query: &ReportQuery, scope: &Scope, today: i64) -> Result<(i64, i64), AppError> {
    let locale = current_locale();
    let (from, to) = match query.period {
        PeriodKind::Last7Days => (today - 6, today),
        PeriodKind::Last30Days => (today - 29, today),
        PeriodKind::Window => {
            let challenge = &scope
                .challenge
                .as_ref()
                .ok_or_else(|| {
                    AppError::invalid(td_string!(locale, errors.window_needs_challenge))
                })?
                .challenge;
            let opened = challenge.opens_at.div_euclid(DAY_MS);
            let closed = (challenge.closes_at - 1).div_euclid(DAY_MS);
            (opened, closed.min(today).max(opened))
        }
        PeriodKind::Custom => (
            custom_date(&query.from, |got| {
                td_string!(locale, errors.choose_first_date, got).to_string()
            })?,
            custom_date(&query.to, |got| {
                td_string!(locale, errors.choose_last_date, got).to_string()
            })?,
        ),
    };
    if from > to {
        return Err(AppError::invalid(td_string!(locale, errors.period_order)));
    }
    if to - from >= LONGEST_PERIOD_DAYS {
        return Err(AppError::invalid(
            td_string!(locale, errors.period_too_long, most = LONGEST_PERIOD_DAYS).to_string(),
        ));
    }
    Ok((from, to))
}

/// A `YYYY-MM-DD` date of a custom period, or the error `message` writes about what was given
/// (quoted, trimmed).
fn custom_date(value: &str, message: impl FnOnce(String) -> String) -> Result<i64, AppError> {
    parse_date(value).ok_or_else(|| AppError::invalid(message(format!("{:?}", value.trim()))))
}

/// What one person did in a period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Footprint {
    /// Used Chorus while signed in.
    pub visited: bool,
    /// Did something on a challenge in the scope (viewing included).
    pub on_challenges: bool,
    pub voted: bool,
    pub commented: bool,
    pub created: bool,
    /// Where they sat on their last day in the period.
    pub placement: Option<Placement>,
}

impl Footprint {
    /// For the whole organisation anyone who came counts as a visitor; for a challenge, only
    /// those who opened it.
    fn segment(&self, scope: &Scope) -> Segment {
        let came = self.on_challenges || (scope.challenge.is_none() && self.visited);
        if self.created {
            Segment::Creator
        } else if self.voted || self.commented {
            Segment::Contributor
        } else if came {
            Segment::Lurker
        } else {
            Segment::Absent
        }
    }
}

/// Everyone's footprints in the scope: over the period, the last 7 days up to its end, and the
/// 7 days before, by person.
pub struct Footprints {
    pub period: HashMap<i64, Footprint>,
    pub this_week: HashMap<i64, Footprint>,
    pub last_week: HashMap<i64, Footprint>,
}

/// Reads [`Footprints`] for the period from `from` to `to`: two grouped queries, run side by
/// side, each scanning its table once for all three windows.
pub async fn footprints(
    db: &Db,
    scope: &Scope,
    from: i64,
    to: i64,
) -> Result<Footprints, AppError> {
    let windows = Windows { from, to };
    let (visits, acts) = futures::try_join!(
        db::analytics::visits(db.reader(), windows),
        db::analytics::acts(db.reader(), scope.challenge_id(), windows),
    )?;
    let mut footprints = Footprints {
        period: HashMap::new(),
        this_week: HashMap::new(),
        last_week: HashMap::new(),
    };
    let windows_of =
        |footprints: &mut Footprints, seen: Seen, person_id: i64, mark: &dyn Fn(&mut Footprint)| {
            for (was_there, map) in [
                (seen.in_period, &mut footprints.period),
                (seen.this_week, &mut footprints.this_week),
                (seen.last_week, &mut footprints.last_week),
            ] {
                if was_there {
                    mark(map.entry(person_id).or_default());
                }
            }
        };
    for (person_id, visit) in visits {
        windows_of(&mut footprints, visit.seen, person_id, &|footprint| {
            footprint.visited = true
        });
        if let Some(footprint) = footprints.period.get_mut(&person_id) {
            footprint.placement = visit.placement;
        }
    }
    for (person_id, act, seen) in acts {
        windows_of(&mut footprints, seen, person_id, &|footprint| {
            footprint.on_challenges = true;
            match act {
                ChallengeAct::View => {}
                ChallengeAct::Vote => footprint.voted = true,
                ChallengeAct::Comment => footprint.commented = true,
                ChallengeAct::Idea => footprint.created = true,
            }
        });
    }
    Ok(footprints)
}

/// Adds one person to a segment count.
fn count_segment(segments: &mut Segments, segment: Segment) {
    match segment {
        Segment::Absent => {}
        Segment::Lurker => segments.lurkers += 1,
        Segment::Contributor => segments.contributors += 1,
        Segment::Creator => segments.creators += 1,
    }
}

/// The figures of one period that do not depend on days: audience, funnel, segments and the
/// breakdown.
pub struct PeriodFigures {
    pub audience: i64,
    pub funnel: Vec<FunnelStep>,
    pub segments: Segments,
    pub groups: Vec<GroupFigures>,
}

/// Counts the audience of `scope` in `footprints`. `fold_small_groups` merges groups under
/// [`SMALLEST_GROUP`] people into one row.
pub fn period_figures(
    scope: &Scope,
    people: &[PersonRow],
    footprints: &HashMap<i64, Footprint>,
    by: Dimension,
    fold_small_groups: bool,
) -> PeriodFigures {
    let absent = Footprint::default();
    let names: HashMap<i64, &str> = people
        .iter()
        .map(|person| (person.person_id, person.display_name.as_str()))
        .collect();
    let mut steps = [0i64; 6];
    let mut segments = Segments::default();
    let mut groups: HashMap<GroupName, GroupFigures> = HashMap::new();
    for person in people {
        let footprint = footprints.get(&person.person_id);
        if !scope.includes(person, footprint) {
            continue;
        }
        let footprint = footprint.unwrap_or(&absent);
        let done = [
            true,
            footprint.visited,
            footprint.on_challenges,
            footprint.voted,
            footprint.commented,
            footprint.created,
        ];
        for (step, did) in steps.iter_mut().zip(done) {
            *step += i64::from(did);
        }
        let segment = footprint.segment(scope);
        count_segment(&mut segments, segment);
        let placement = footprint.placement.as_ref().unwrap_or(&person.placement);
        let name = group_name(placement, by, &names);
        let group = groups.entry(name.clone()).or_insert_with(|| GroupFigures {
            name,
            audience: 0,
            segments: Segments::default(),
        });
        group.audience += 1;
        count_segment(&mut group.segments, segment);
    }
    let stages = match scope.challenge {
        Some(_) => FunnelStage::CHALLENGE,
        None => FunnelStage::ORGANISATION,
    };
    PeriodFigures {
        audience: steps[0],
        funnel: stages
            .into_iter()
            .zip(steps)
            .map(|(stage, people)| FunnelStep { stage, people })
            .collect(),
        segments,
        groups: weakest_first(groups.into_values().collect(), by, fold_small_groups),
    }
}

fn group_name(placement: &Placement, by: Dimension, names: &HashMap<i64, &str>) -> GroupName {
    let named = |value: &str| {
        if value.trim().is_empty() {
            GroupName::Unassigned
        } else {
            GroupName::Named(value.to_owned())
        }
    };
    match by {
        Dimension::Department => named(&placement.department),
        Dimension::Region => named(&placement.region),
        Dimension::Manager => placement
            .manager_id
            .and_then(|id| names.get(&id))
            .map_or(GroupName::Unassigned, |name| {
                GroupName::Named((*name).to_owned())
            }),
    }
}

/// Orders groups by the share taking part, then the share active, lowest first, so the groups
/// that need an invitation head the table. Ties go by the name as the CSV writes it.
fn weakest_first(
    mut groups: Vec<GroupFigures>,
    by: Dimension,
    fold_small_groups: bool,
) -> Vec<GroupFigures> {
    if fold_small_groups {
        let (small, mut kept): (Vec<_>, Vec<_>) = groups
            .into_iter()
            .partition(|group| group.audience < SMALLEST_GROUP);
        if !small.is_empty() {
            let mut folded = GroupFigures {
                name: GroupName::SmallGroups,
                audience: 0,
                segments: Segments::default(),
            };
            for group in small {
                folded.audience += group.audience;
                folded.segments.lurkers += group.segments.lurkers;
                folded.segments.contributors += group.segments.contributors;
                folded.segments.creators += group.segments.creators;
            }
            kept.push(folded);
        }
        groups = kept;
    }
    groups.sort_by(|a, b| {
        a.taking_part_percent()
            .total_cmp(&b.taking_part_percent())
            .then(a.active_percent().total_cmp(&b.active_percent()))
            .then_with(|| english_name(a, by).cmp(&english_name(b, by)))
    });
    groups
}

/// A group's name as the CSV writes it, which breaks ties in the order of the breakdown.
fn english_name(group: &GroupFigures, by: Dimension) -> std::borrow::Cow<'_, str> {
    group.name.name(Locale::en, by, SMALLEST_GROUP)
}

/// The segments alone, for comparing two weeks.
pub fn segments_of(
    scope: &Scope,
    people: &[PersonRow],
    footprints: &HashMap<i64, Footprint>,
) -> Segments {
    let mut segments = Segments::default();
    for person in people {
        if let Some(footprint) = footprints.get(&person.person_id) {
            if scope.includes(person, Some(footprint)) {
                count_segment(&mut segments, footprint.segment(scope));
            }
        }
    }
    segments
}

/// The last 7 days of the period against the 7 before them.
pub fn week_over_week(
    scope: &Scope,
    people: &[PersonRow],
    footprints: &Footprints,
) -> WeekOverWeek {
    WeekOverWeek {
        this_week: segments_of(scope, people, &footprints.this_week),
        last_week: segments_of(scope, people, &footprints.last_week),
    }
}

/// People active on each day from `from` to `to`, days without anyone included.
pub async fn daily(
    db: &Db,
    scope: &Scope,
    from: i64,
    to: i64,
) -> Result<Vec<DailyFigures>, AppError> {
    let visitors = async {
        match scope.challenge {
            Some(_) => Ok(HashMap::new()),
            None => db::analytics::daily_visitors(db.reader(), from, to).await,
        }
    };
    let (on_challenges, visitors) = futures::try_join!(
        db::analytics::daily_challenge_people(db.reader(), scope.challenge_id(), from, to),
        visitors,
    )?;
    Ok((from..=to)
        .map(|day| {
            let (present, taking_part) = on_challenges.get(&day).copied().unwrap_or((0, 0));
            DailyFigures {
                day,
                active: match scope.challenge {
                    Some(_) => present,
                    None => visitors.get(&day).copied().unwrap_or(0),
                },
                taking_part,
            }
        })
        .collect())
}

/// Share of ideas submitted from `from` to `to` that have an official response, and the
/// median time to it.
pub async fn responsiveness(
    db: &Db,
    scope: &Scope,
    from: i64,
    to: i64,
) -> Result<Responsiveness, AppError> {
    let ideas = db::analytics::idea_responses(
        db.reader(),
        scope.challenge_id(),
        from * DAY_MS,
        (to + 1) * DAY_MS,
    )
    .await?;
    let mut waits: Vec<i64> = ideas
        .iter()
        .filter_map(|(created, answered)| answered.map(|answered| (answered - created).max(0)))
        .collect();
    waits.sort_unstable();
    let median_ms = match waits.len() {
        0 => None,
        n if n % 2 == 1 => Some(waits[n / 2] as f64),
        n => Some((waits[n / 2 - 1] + waits[n / 2]) as f64 / 2.0),
    };
    Ok(Responsiveness {
        ideas: ideas.len() as i64,
        answered: waits.len() as i64,
        median_hours: median_ms.map(|ms| ms / 3_600_000.0),
    })
}

/// Whether the organisation turned per-person lists off.
pub async fn person_lists_hidden(db: &Db) -> Result<bool, AppError> {
    Ok(
        db::analytics::setting(db.reader(), db::analytics::PERSON_LISTS_HIDDEN)
            .await?
            .is_some_and(|value| value == "true"),
    )
}

/// Per-person lists are for leaders and admins, unless the organisation turned them off.
pub fn require_person_lists(viewer: &Viewer, hidden: bool) -> Result<(), AppError> {
    let locale = current_locale();
    if hidden {
        return Err(AppError::forbidden(td_string!(
            locale,
            errors.person_lists_off
        )));
    }
    if !viewer.role.can_launch_challenges() {
        return Err(AppError::forbidden(
            td_string!(
                locale,
                errors.person_lists_leaders,
                email = &viewer.email,
                role = viewer.role.name(locale)
            )
            .to_string(),
        ));
    }
    Ok(())
}

/// May see per-person lists, given the organisation's setting.
pub fn may_list_people(viewer: &Viewer, hidden: bool) -> bool {
    require_person_lists(viewer, hidden).is_ok()
}

/// May turn per-person lists on and off.
pub fn may_change_privacy(viewer: &Viewer) -> bool {
    viewer.role == Role::Admin
}

/// The analytics page for `viewer`: figures only, never a person.
pub async fn report(
    db: &Db,
    viewer: &Viewer,
    query: ReportQuery,
    now: i64,
) -> Result<AnalyticsReport, AppError> {
    let today = now.div_euclid(DAY_MS);
    let scope = Scope::load(db, viewer, query.challenge_id, now).await?;
    let (from, to) = period_days(&query, &scope, today)?;
    // Independent reads, side by side: on SQLite each runs on its own reader connection.
    let load_people = async { Ok::<_, AppError>(db::analytics::people(db.reader()).await?) };
    let (hidden, people, footprints, daily, responsiveness, challenges) = futures::try_join!(
        person_lists_hidden(db),
        load_people,
        footprints(db, &scope, from, to),
        daily(db, &scope, from, to),
        responsiveness(db, &scope, from, to),
        scope_choices(db, viewer, now),
    )?;
    let may_list_people = may_list_people(viewer, hidden);
    let figures = period_figures(
        &scope,
        &people,
        &footprints.period,
        query.by,
        !may_list_people,
    );
    Ok(AnalyticsReport {
        scope: scope.title(),
        from_day: from,
        to_day: to,
        audience: figures.audience,
        funnel: figures.funnel,
        segments: figures.segments,
        groups: figures.groups,
        smallest_group: SMALLEST_GROUP,
        daily,
        week: week_over_week(&scope, &people, &footprints),
        responsiveness,
        challenges,
        may_list_people,
        may_change_privacy: may_change_privacy(viewer),
        person_lists_hidden: hidden,
        query,
    })
}

/// Leaders and admins: the people of the scope's audience matching `query`, all of them, most
/// recently seen first (never seen last), with their segment over the last `query.days` days.
pub async fn people_list(
    db: &Db,
    viewer: &Viewer,
    query: PeopleQuery,
    now: i64,
) -> Result<PeopleList, AppError> {
    require_person_lists(viewer, person_lists_hidden(db).await?)?;
    if !(1..=LONGEST_PERIOD_DAYS).contains(&query.days) {
        return Err(AppError::invalid(
            td_string!(
                current_locale(),
                errors.days_range,
                most = LONGEST_PERIOD_DAYS,
                days = query.days
            )
            .to_string(),
        ));
    }
    let today = now.div_euclid(DAY_MS);
    let scope = Scope::load(db, viewer, query.challenge_id, now).await?;
    let since = today - query.days + 1;
    let load = async {
        Ok::<_, AppError>(futures::try_join!(
            db::analytics::people(db.reader()),
            db::analytics::last_seen(db.reader(), scope.challenge_id()),
        )?)
    };
    let ((people, last_seen), recent) =
        futures::try_join!(load, footprints(db, &scope, since, today))?;
    let recent = recent.period;
    let selected = select_people(&people, &last_seen, &recent, &scope, &query, since);
    let active: Vec<&PersonRow> = people.iter().filter(|person| person.active).collect();
    let distinct = |value: fn(&PersonRow) -> &str| {
        let mut values: Vec<String> = active
            .iter()
            .map(|person| value(person).to_owned())
            .filter(|value| !value.is_empty())
            .collect();
        values.sort();
        values.dedup();
        values
    };
    let manager_ids: HashSet<i64> = active
        .iter()
        .filter_map(|person| person.placement.manager_id)
        .collect();
    Ok(PeopleList {
        scope: scope.title(),
        total: selected.len(),
        people: selected,
        departments: distinct(|person| &person.placement.department),
        regions: distinct(|person| &person.placement.region),
        managers: people
            .iter()
            .filter(|person| manager_ids.contains(&person.person_id))
            .map(|person| ManagerChoice {
                person_id: person.person_id,
                display_name: person.display_name.clone(),
            })
            .collect(),
        challenges: scope_choices(db, viewer, now).await?,
        query,
    })
}

/// [`people_list`] without the loading.
fn select_people(
    people: &[PersonRow],
    last_seen: &HashMap<i64, i64>,
    recent: &HashMap<i64, Footprint>,
    scope: &Scope,
    query: &PeopleQuery,
    since: i64,
) -> Vec<PersonActivity> {
    let names: HashMap<i64, &str> = people
        .iter()
        .map(|person| (person.person_id, person.display_name.as_str()))
        .collect();
    let matches = |value: &str, wanted: &str| wanted.is_empty() || value == wanted;
    let mut selected: Vec<PersonActivity> = people
        .iter()
        .filter(|person| {
            let placement = &person.placement;
            person.active
                && scope.includes(person, None)
                && matches(&placement.department, &query.department)
                && matches(&placement.region, &query.region)
                && (query.manager_id.is_none() || placement.manager_id == query.manager_id)
        })
        .filter_map(|person| {
            let seen = last_seen.get(&person.person_id).copied();
            let active = seen.is_some_and(|day| day >= since);
            (active == (query.status == Activeness::Active)).then(|| PersonActivity {
                person_id: person.person_id,
                display_name: person.display_name.clone(),
                email: person.email.clone(),
                department: person.placement.department.clone(),
                region: person.placement.region.clone(),
                manager: person
                    .placement
                    .manager_id
                    .and_then(|id| names.get(&id))
                    .map(|name| (*name).to_owned())
                    .unwrap_or_default(),
                last_seen_day: seen,
                segment: recent
                    .get(&person.person_id)
                    .map_or(Segment::Absent, |footprint| footprint.segment(scope)),
            })
        })
        .collect();
    selected.sort_by(|a, b| {
        b.last_seen_day
            .cmp(&a.last_seen_day)
            .then_with(|| a.display_name.cmp(&b.display_name))
    });
    selected
}
