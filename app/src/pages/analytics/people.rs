//! `/analytics/people`: leaders and admins see who has been active or inactive in the last N
//! days, filtered by region, department and manager, and download the list as CSV to invite
//! them. Everyone else is told why they cannot.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::{Form, A},
    hooks::use_query_map,
};

use super::ScopeSelect;
use crate::{
    api::analytics::activity_people,
    components::{error_notice::ErrorNotice, require_sign_in::RequireSignIn},
    model::{day_label, Activeness, PeopleList, PeopleQuery, ReportQuery, Viewer},
    pages::plural,
};

#[component]
pub fn ActivityPeoplePage() -> impl IntoView {
    let query_map = use_query_map();
    let query = Memo::new(move |_| PeopleQuery::from_query(|name| query_map.read().get(name)));
    let list = Resource::new(move || query.get(), activity_people);
    let page = move |_viewer: Viewer| {
        view! {
            <Transition fallback=|| view! { <p class="loading">"Finding people\u{2026}"</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) => view! { <People list /> }.into_any(),
                        Err(error) => {
                            view! {
                                <h1>"Who is active"</h1>
                                <ErrorNotice error />
                                <p>
                                    <A href="/analytics">"See the figures on the analytics page"</A>
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
        <Title text="Who is active \u{b7} Chorus" />
        <RequireSignIn page />
    }
}

#[component]
fn People(list: PeopleList) -> impl IntoView {
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
    let status = match query.status {
        Activeness::Active => "active",
        Activeness::Inactive => "inactive",
    };
    // The summary names every filter, so it is clear what the list and the CSV hold.
    let manager = query.manager_id.and_then(|id| {
        list.managers
            .iter()
            .find(|manager| manager.person_id == id)
            .map(|manager| manager.display_name.clone())
    });
    let filters: Vec<String> = [
        Some(list.scope.clone()),
        (!query.region.is_empty()).then(|| format!("region {}", query.region)),
        (!query.department.is_empty()).then(|| format!("department {}", query.department)),
        manager.map(|name| format!("reporting to {name}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    let summary = format!(
        "{} {status} in the last {}: {}",
        plural(list.total as i64, "person", "people"),
        plural(query.days, "day", "days"),
        filters.join(", "),
    );
    let shown = list.people.len();
    view! {
        <div class="page-head">
            <div>
                <h1>"Who is active"</h1>
                <p class="hint">
                    <A href=figures_href>"Back to the figures"</A>
                </p>
            </div>
        </div>
        <PeopleFilters list=list.clone() />
        <div class="section-head">
            <p role="status">
                <strong>{summary}</strong>
            </p>
            <a class="button" href=csv_href download rel="external">
                "Download CSV"
            </a>
        </div>
        {(list.total > shown)
            .then(|| {
                view! {
                    <p class="hint">
                        {format!("Showing the first {shown}; the CSV has all {}.", list.total)}
                    </p>
                }
            })}
        {if list.people.is_empty() {
            view! {
                <p class="notice empty-state">
                    "Nobody matches. Widen the filters or change the number of days."
                </p>
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
    let query = list.query;
    let choices = |name: &'static str, label: &'static str, values: Vec<String>, chosen: String| {
        view! {
            <label>
                {label}
                " "
                <select name=name>
                    <option value="" selected=chosen.is_empty()>
                        "All"
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
                "Show "
                <select name="status">
                    <option value="inactive" selected=query.status == Activeness::Inactive>
                        "Inactive"
                    </option>
                    <option value="active" selected=query.status == Activeness::Active>
                        "Active"
                    </option>
                </select>
            </label>
            <label>
                "Look back (days) "
                <input type="number" name="days" min="1" max="366" value=query.days.to_string() class="days-input" />
            </label>
            {choices("region", "Region", list.regions, query.region.clone())}
            {choices("department", "Department", list.departments, query.department.clone())}
            <label>
                "Manager "
                <select name="manager">
                    <option value="" selected=query.manager_id.is_none()>
                        "All"
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
                "Show"
            </button>
        </Form>
    }
}

#[component]
fn PeopleTable(list: PeopleList) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="data-table people-activity">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Email"</th>
                        <th scope="col">"Department"</th>
                        <th scope="col">"Region"</th>
                        <th scope="col">"Manager"</th>
                        <th scope="col" aria-sort="descending">"Last seen"</th>
                        <th scope="col">{format!("Last {} days", list.query.days)}</th>
                    </tr>
                </thead>
                <tbody>
                    {list
                        .people
                        .into_iter()
                        .map(|person| {
                            view! {
                                <tr>
                                    <th scope="row">{person.display_name}</th>
                                    <td>{person.email}</td>
                                    <td>{person.department}</td>
                                    <td>{person.region}</td>
                                    <td>{person.manager}</td>
                                    <td>{person.last_seen_day.map_or_else(|| "Never".to_owned(), day_label)}</td>
                                    <td>{person.segment.label()}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
