//! Participation analytics: the figures page and the people lists.

pub mod charts;
pub mod people;
pub mod report;

use leptos::prelude::*;

use crate::{
    i18n::{t, td_string, use_i18n, Locale},
    locale::format_one_decimal,
    model::{Dimension, PeriodKind, ScopeChoice, Segment},
};

/// The choice between the whole organisation and one challenge, named `challenge` in the form.
#[component]
fn ScopeSelect(challenges: Vec<ScopeChoice>, selected: Option<i64>) -> impl IntoView {
    let i18n = use_i18n();
    // Before the choices have loaded (or when loading failed), keep the one asked for.
    let unlisted = selected.filter(|id| !challenges.iter().any(|c| c.challenge_id == *id));
    view! {
        <label>
            {t!(i18n, analytics.scope_label)}
            <select name="challenge">
                <option value="" selected=selected.is_none()>
                    {t!(i18n, analytics.whole_organisation)}
                </option>
                {unlisted
                    .map(|id| {
                        view! {
                            <option value=id.to_string() selected=true>
                                {t!(i18n, analytics.this_challenge)}
                            </option>
                        }
                    })}
                {challenges
                    .into_iter()
                    .map(|choice| {
                        view! {
                            <option
                                value=choice.challenge_id.to_string()
                                selected=selected == Some(choice.challenge_id)
                            >
                                {choice.title}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// What the figures are about: the challenge's title, or (for `None`) the whole organisation
/// in the interface's language.
fn scope_name(locale: Locale, scope: Option<&str>) -> String {
    match scope {
        Some(title) => title.to_owned(),
        None => td_string!(locale, analytics.whole_organisation).to_owned(),
    }
}

/// A period's name in the period menu.
fn period_name(locale: Locale, kind: PeriodKind) -> &'static str {
    match kind {
        PeriodKind::Last7Days => td_string!(locale, analytics.period_last_7_days),
        PeriodKind::Last30Days => td_string!(locale, analytics.period_last_30_days),
        PeriodKind::Window => td_string!(locale, analytics.period_window),
        PeriodKind::Custom => td_string!(locale, analytics.period_custom),
    }
}

/// "Department", "Region", "Manager".
fn dimension_name(locale: Locale, dimension: Dimension) -> &'static str {
    match dimension {
        Dimension::Department => td_string!(locale, analytics.dimension_department),
        Dimension::Region => td_string!(locale, analytics.dimension_region),
        Dimension::Manager => td_string!(locale, analytics.dimension_manager),
    }
}

/// The breakdown's heading: "By department".
fn breakdown_heading(locale: Locale, dimension: Dimension) -> &'static str {
    match dimension {
        Dimension::Department => td_string!(locale, analytics.by_department),
        Dimension::Region => td_string!(locale, analytics.by_region),
        Dimension::Manager => td_string!(locale, analytics.by_manager),
    }
}

/// What one person did over the list's days, as the people list shows it.
fn segment_name(locale: Locale, segment: Segment) -> &'static str {
    match segment {
        Segment::Absent => td_string!(locale, analytics.segment_absent),
        Segment::Lurker => td_string!(locale, analytics.segment_lurker),
        Segment::Contributor => td_string!(locale, analytics.segment_contributor),
        Segment::Creator => td_string!(locale, analytics.segment_creator),
    }
}

/// A percentage with one decimal, with the percent sign the language's way: `12.5 %` (narrow
/// no-break space) in English, `12,5 %` in Spanish, `12,5%` in Dutch.
fn format_share(locale: Locale, percent: f64) -> String {
    let number = format_one_decimal(locale, percent);
    match locale {
        Locale::en => format!("{number}\u{202f}%"),
        Locale::es => format!("{number}\u{a0}%"),
        Locale::nl => format!("{number}%"),
    }
}
