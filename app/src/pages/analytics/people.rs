//! `/analytics/people`: leaders and admins see who has been active or inactive in the last N
//! days, filtered by region, department and manager, and download the list as CSV to invite
//! them. Everyone else is told why they cannot.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::{Form, A},
    hooks::use_query_map,
};

use super::{scope_name, ScopeSelect};
use crate::{
    api::analytics::activity_people,
    components::{error_notice::ErrorNotice, require_sign_in::RequireSignIn},
    i18n::{t, t_string, td_string, use_i18n},
    locale::format_integer,
    model::{day_label, Activeness, Dimension, PeopleList, PeopleQuery, ReportQuery, Viewer},
};

#[component]
pub fn ActivityPeoplePage() -> impl IntoView {
    let i18n = use_i18n();
    let query_map = use_query_map();
    let query = Memo::new(move |_| PeopleQuery::from_query(|name| query_map.read().get(name)));
    let list = Resource::new(move || query.get(), activity_people);
    let page = move |_viewer: Viewer| {
        view! {
            <Transition fallback=move || {
                view! { <p class="loading">{t!(i18n, analytics.finding_people)}</p> }
            }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) => view! { <People list /> }.into_any(),
                        Err(error) => {
                            view! {
                                <h1>{t!(i18n, analytics.who_is_active)}</h1>
                                <ErrorNotice error />
                                <p>
                                    <A href="/analytics">{t!(i18n, analytics.see_the_figures)}</A>
                                </p>
                            }
                                .into_any()
                        }
                    }
                })}
            </Transition>
        }
    };
    view! {
        <Title text=move || t_string!(i18n, analytics.people_page_title).to_string() />
        <RequireSignIn page />
    }
}

#[component]
fn People(list: PeopleList) -> impl IntoView {
    let i18n = use_i18n();
    let query = list.query.clone();
    let csv_href = format!("/api/analytics/people.csv?{}", query.to_query());
    let figures_href = format!(
        "/analytics?{}",
        ReportQuery {
            challenge_id: query.challenge_id,
            ..ReportQuery::default()
        }
        .to_query()
    );
    // The summary names every filter, so it is clear what the list and the CSV hold.
    let manager = query.manager_id.and_then(|id| {
        list.managers
            .iter()
            .find(|manager| manager.person_id == id)
            .map(|manager| manager.display_name.clone())
    });
    let (status, days, total) = (query.status, query.days, list.total);
    let scope = list.scope.clone();
    let summary = move || {
        let locale = i18n.get_locale();
        let filters: Vec<String> = [
            Some(scope_name(locale, scope.as_deref())),
            (!query.region.is_empty()).then(|| {
                td_string!(
                    locale,
                    analytics.filter_region,
                    region = query.region.clone()
                )
                .to_string()
            }),
            (!query.department.is_empty()).then(|| {
                td_string!(
                    locale,
                    analytics.filter_department,
                    department = query.department.clone(),
                )
                .to_string()
            }),
            manager
                .clone()
                .map(|name| td_string!(locale, analytics.filter_manager, name).to_string()),
        ]
        .into_iter()
        .flatten()
        .collect();
        let period = td_string!(locale, analytics.in_the_last_days, count = days).to_string();
        let filters = filters.join(", ");
        match status {
            Activeness::Active => td_string!(
                locale,
                analytics.summary_active,
                count = total,
                period,
                filters
            )
            .to_string(),
            Activeness::Inactive => td_string!(
                locale,
                analytics.summary_inactive,
                count = total,
                period,
                filters
            )
            .to_string(),
        }
    };
    let shown = list.people.len();
    let showing_first = move || {
        let locale = i18n.get_locale();
        td_string!(
            locale,
            analytics.showing_first,
            shown = format_integer(locale, shown as i64),
            total = format_integer(locale, total as i64),
        )
        .to_string()
    };
    view! {
        <div class="page-head">
            <div>
                <h1>{t!(i18n, analytics.who_is_active)}</h1>
                <p class="hint">
                    <A href=figures_href>{t!(i18n, analytics.back_to_the_figures)}</A>
                </p>
            </div>
        </div>
        <PeopleFilters list=list.clone() />
        <div class="section-head">
            <p role="status">
                <strong>{summary}</strong>
            </p>
            <a class="button" href=csv_href download rel="external">
                {t!(i18n, analytics.download_csv)}
            </a>
        </div>
        {(list.total > shown)
            .then(|| {
                view! { <p class="hint">{showing_first}</p> }
            })}
        {if list.people.is_empty() {
            view! {
                <p class="notice empty-state">{t!(i18n, analytics.nobody_matches)}</p>
            }
                .into_any()
        } else {
            view! { <PeopleTable list /> }.into_any()
        }}
    }
}

/// Filters as a GET form, so a filtered list has its own address (and works without
/// JavaScript).
#[component]
fn PeopleFilters(list: PeopleList) -> impl IntoView {
    let i18n = use_i18n();
    let query = list.query;
    let label = move |dimension: Dimension| move || dimension.name(i18n.get_locale());
    let choices =
        move |name: &'static str, dimension: Dimension, values: Vec<String>, chosen: String| {
            view! {
                <label>
                    {label(dimension)}
                    " "
                    <select name=name>
                        <option value="" selected=chosen.is_empty()>
                            {t!(i18n, analytics.all)}
                        </option>
                        {values
                            .into_iter()
                            .map(|value| {
                                let selected = value == chosen;
                                view! {
                                    <option value=value.clone() selected=selected>
                                        {value.clone()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
            }
        };
    view! {
        <Form method="GET" action="" attr:class="filter-bar">
            <ScopeSelect challenges=list.challenges selected=query.challenge_id />
            <label>
                {t!(i18n, analytics.show_label)}
                <select name="status">
                    <option value="inactive" selected=query.status == Activeness::Inactive>
                        {t!(i18n, analytics.status_inactive)}
                    </option>
                    <option value="active" selected=query.status == Activeness::Active>
                        {t!(i18n, analytics.status_active)}
                    </option>
                </select>
            </label>
            <label>
                {t!(i18n, analytics.look_back_days)}
                <input type="number" name="days" min="1" max="366" value=query.days.to_string() class="days-input" />
            </label>
            {choices("region", Dimension::Region, list.regions, query.region.clone())}
            {choices("department", Dimension::Department, list.departments, query.department.clone())}
            <label>
                {label(Dimension::Manager)}
                " "
                <select name="manager">
                    <option value="" selected=query.manager_id.is_none()>
                        {t!(i18n, analytics.all)}
                    </option>
                    {list
                        .managers
                        .into_iter()
                        .map(|manager| {
                            view! {
                                <option
                                    value=manager.person_id.to_string()
                                    selected=query.manager_id == Some(manager.person_id)
                                >
                                    {manager.display_name}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <button type="submit" class="button">
                {t!(i18n, analytics.show)}
            </button>
        </Form>
    }
}

#[component]
fn PeopleTable(list: PeopleList) -> impl IntoView {
    let i18n = use_i18n();
    let days = list.query.days;
    let last_days = move || {
        let locale = i18n.get_locale();
        td_string!(
            locale,
            analytics.col_last_days,
            days = format_integer(locale, days),
        )
        .to_string()
    };
    view! {
        <div class="table-wrap">
            <table class="data-table people-activity">
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, analytics.col_name)}</th>
                        <th scope="col">{t!(i18n, analytics.col_email)}</th>
                        <th scope="col">{t!(i18n, analytics.dimension_department)}</th>
                        <th scope="col">{t!(i18n, analytics.dimension_region)}</th>
                        <th scope="col">{t!(i18n, analytics.dimension_manager)}</th>
                        <th scope="col" aria-sort="descending">{t!(i18n, analytics.col_last_seen)}</th>
                        <th scope="col">{last_days}</th>
                    </tr>
                </thead>
                <tbody>
                    {list
                        .people
                        .into_iter()
                        .map(|person| {
                            let (last_seen_day, segment) = (person.last_seen_day, person.segment);
                            let last_seen = move || match last_seen_day {
                                Some(day) => day_label(day),
                                None => t_string!(i18n, analytics.never).to_owned(),
                            };
                            view! {
                                <tr>
                                    <th scope="row">{person.display_name}</th>
                                    <td>{person.email}</td>
                                    <td>{person.department}</td>
                                    <td>{person.region}</td>
                                    <td>{person.manager}</td>
                                    <td>{last_seen}</td>
                                    <td>{move || segment.name(i18n.get_locale())}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
