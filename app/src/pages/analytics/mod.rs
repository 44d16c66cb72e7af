//! Participation analytics: the figures page and the people lists.

pub mod charts;
pub mod people;
pub mod report;

use leptos::prelude::*;

use crate::{
    i18n::{t, td_string, use_i18n, Locale},
    model::{Dimension, PeriodKind, ScopeChoice},
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

/// The breakdown's heading: "By department".
fn breakdown_heading(locale: Locale, dimension: Dimension) -> &'static str {
    match dimension {
        Dimension::Department => td_string!(locale, analytics.by_department),
        Dimension::Region => td_string!(locale, analytics.by_region),
        Dimension::Manager => td_string!(locale, analytics.by_manager),
    }
}
