//! `/analytics`: who showed up, who only read and who took part, for the organisation or one
//! challenge, over a chosen period. Figures only; the per-person lists are on
//! [`super::people`].

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::{Form, A},
    hooks::use_query_map,
};

use super::{
    charts::{Bars, Chart, DailyColumns, Figures, SplitBars},
    ScopeSelect,
};
use crate::{
    api::analytics::{load_analytics, SetPersonListsHidden},
    components::{error_notice::ErrorNotice, require_sign_in::RequireSignIn},
    model::{
        day_label, one_decimal, percent, AnalyticsReport, Dimension, GroupFigures, PeopleQuery,
        PeriodKind, ReportQuery, Segments, Viewer, REFERENCE_SPLIT,
    },
};

#[component]
pub fn AnalyticsPage() -> impl IntoView {
    let query_map = use_query_map();
    let query = Memo::new(move |_| ReportQuery::from_query(|name| query_map.read().get(name)));
    let privacy = ServerAction::<SetPersonListsHidden>::new();
    let report = Resource::new(
        move || (query.get(), privacy.version().get()),
        |(query, _)| load_analytics(query),
    );
    let page = move |_viewer: Viewer| {
        view! {
            <Transition fallback=|| view! { <p class="loading">"Counting\u{2026}"</p> }>
                {move || Suspend::new(async move {
                    match report.await {
                        Ok(report) => view! { <Report report privacy /> }.into_any(),
                        Err(error) => {
                            view! {
                                <ReportForm query=query.get_untracked() report=None />
                                <ErrorNotice error />
                            }
                                .into_any()
                        }
                    }
                })}
            </Transition>
        }
    };
    view! {
        <Title text="Analytics \u{b7} Chorus" />
        <RequireSignIn page />
    }
}

#[component]
fn Report(report: AnalyticsReport, privacy: ServerAction<SetPersonListsHidden>) -> impl IntoView {
    let query = report.query.clone();
    let csv = move |table: &str| format!("/api/analytics/{table}.csv?{}", query.to_query());
    let period = format!(
        "{} to {}",
        day_label(report.from_day),
        day_label(report.to_day)
    );
    let people_href = format!(
        "/analytics/people?{}",
        PeopleQuery {
            challenge_id: report.query.challenge_id,
            ..PeopleQuery::from_query(|_| None)
        }
        .to_query()
    );
    let nobody_came = report.segments.visitors() == 0;
    view! {
        <div class="page-head">
            <div>
                <h1>"Analytics"</h1>
                <p class="hint">{format!("{}, {period}", report.scope)}</p>
            </div>
            {report
                .may_list_people
                .then(|| {
                    view! {
                        <A href=people_href attr:class="button">
                            "Who is active or inactive"
                        </A>
                    }
                })}
        </div>
        {view! {
            <ReportForm
                query=report.query.clone()
                report=Some((report.from_day, report.to_day, report.challenges.clone()))
            />
        }
            .into_any()}
        {view! { <KeyFigures report=report.clone() /> }.into_any()}
        {nobody_came
            .then(|| {
                view! {
                    <p class="notice empty-state">
                        "Nobody in this audience showed up in this period. Try a longer period, or \
                         invite people: the people list shows who has not been here."
                    </p>
                }
            })}
        // Each part is type-erased: one nested view type for the whole page is too deep for
        // the compiler.
        <div class="charts">
            {view! { <FunnelChart report=report.clone() csv_href=csv("funnel") /> }.into_any()}
            {view! { <SegmentChart segments=report.segments csv_href=csv("segments") /> }.into_any()}
            {view! { <DailyChart report=report.clone() csv_href=csv("daily") /> }.into_any()}
        </div>
        {view! { <Breakdown report=report.clone() csv_href=csv("groups") /> }.into_any()}
        {view! { <Responsiveness report=report.clone() /> }.into_any()}
        {report.may_change_privacy.then(|| view! { <Privacy hidden=report.person_lists_hidden privacy /> })}
    }
}

/// The choice of scope, period and breakdown, as a GET form so every view has its own address.
#[component]
fn ReportForm(
    query: ReportQuery,
    /// The period shown and the challenges to choose from, once a report has loaded.
    report: Option<(i64, i64, Vec<crate::model::ScopeChoice>)>,
) -> impl IntoView {
    let (from_day, to_day, challenges) = report.unwrap_or_default();
    let period = RwSignal::new(query.period);
    let date = |value: &str, day: i64| {
        if value.is_empty() && day != 0 {
            day_label(day)
        } else {
            value.to_owned()
        }
    };
    let (from, to) = (date(&query.from, from_day), date(&query.to, to_day));
    view! {
        <Form method="GET" action="" attr:class="filter-bar">
            <ScopeSelect challenges selected=query.challenge_id />
            <label>
                "Period "
                <select
                    name="period"
                    on:change=move |ev| {
                        if let Some(kind) = PeriodKind::parse(&event_target_value(&ev)) {
                            period.set(kind);
                        }
                    }
                >
                    {PeriodKind::ALL
                        .into_iter()
                        .map(|kind| {
                            view! {
                                <option value=kind.as_str() selected=kind == query.period>
                                    {kind.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <span class="custom-dates" hidden=move || period.get() != PeriodKind::Custom>
                <label>"From " <input type="date" name="from" value=from /></label>
                <label>"To " <input type="date" name="to" value=to /></label>
            </span>
            <label>
                "Break down by "
                <select name="by">
                    {Dimension::ALL
                        .into_iter()
                        .map(|by| {
                            view! {
                                <option value=by.as_str() selected=by == query.by>
                                    {by.label()}
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

/// Percent change from `before` to `now`, or a word when there was nothing before.
fn change(now: i64, before: i64) -> String {
    match (now, before) {
        (0, 0) => "no change".to_owned(),
        (_, 0) => "new this week".to_owned(),
        _ => {
            let change = percent(now - before, before);
            format!(
                "{}{}\u{202f}% on last week",
                if change >= 0.0 { "+" } else { "" },
                one_decimal(change)
            )
        }
    }
}

#[component]
fn KeyFigures(report: AnalyticsReport) -> impl IntoView {
    let segments = report.segments;
    let week = report.week;
    let taking_part = |segments: Segments| segments.contributors + segments.creators;
    let cards = [
        (
            "Showed up",
            segments.visitors(),
            percent(segments.visitors(), report.audience),
            change(week.this_week.visitors(), week.last_week.visitors()),
        ),
        (
            "Voted or commented",
            segments.contributors,
            percent(segments.contributors, report.audience),
            change(week.this_week.contributors, week.last_week.contributors),
        ),
        (
            "Submitted ideas",
            segments.creators,
            percent(segments.creators, report.audience),
            change(week.this_week.creators, week.last_week.creators),
        ),
        (
            "Took part",
            taking_part(segments),
            percent(taking_part(segments), report.audience),
            change(taking_part(week.this_week), taking_part(week.last_week)),
        ),
    ];
    view! {
        <section aria-label="Key figures" class="key-figures">
            <p class="hint">{format!("Out of an audience of {} people:", report.audience)}</p>
            <ul>
                {cards
                    .into_iter()
                    .map(|(label, people, share, change)| {
                        view! {
                            <li class="key-figure">
                                <span class="key-label">{label}</span>
                                <strong>{people}</strong>
                                <span>{format!("{}\u{202f}% of the audience", one_decimal(share))}</span>
                                <span class="hint">{format!("Last 7 days: {change}")}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn FunnelChart(report: AnalyticsReport, csv_href: String) -> impl IntoView {
    let audience = report.audience;
    let share = move |people| {
        format!(
            "{people} ({}\u{202f}%)",
            one_decimal(percent(people, audience))
        )
    };
    let figures = Figures {
        headings: vec!["Step".into(), "People".into(), "% of audience".into()],
        rows: report
            .funnel
            .iter()
            .map(|step| {
                vec![
                    step.label.clone(),
                    step.people.to_string(),
                    one_decimal(percent(step.people, audience)),
                ]
            })
            .collect(),
    };
    let bars = report
        .funnel
        .into_iter()
        .map(|step| (step.label, step.people, share(step.people)))
        .collect();
    view! {
        <Chart title="From audience to ideas" csv_href figures>
            <Bars bars max=audience />
        </Chart>
    }
}

#[component]
fn SegmentChart(segments: Segments, csv_href: String) -> impl IntoView {
    let visitors = segments.visitors();
    let counts = [segments.lurkers, segments.contributors, segments.creators];
    let ours: Vec<f64> = counts
        .iter()
        .map(|&count| percent(count, visitors))
        .collect();
    let figures = Figures {
        headings: vec![
            "Segment".into(),
            "People".into(),
            "% of those who came".into(),
            "90-9-1 reference %".into(),
        ],
        rows: REFERENCE_SPLIT
            .iter()
            .zip(counts)
            .map(|((name, reference), count)| {
                vec![
                    (*name).to_owned(),
                    count.to_string(),
                    one_decimal(percent(count, visitors)),
                    one_decimal(*reference),
                ]
            })
            .collect(),
    };
    let rows = vec![
        ("Here".to_owned(), ours),
        (
            "90-9-1 rule".to_owned(),
            REFERENCE_SPLIT.iter().map(|(_, share)| *share).collect(),
        ),
    ];
    view! {
        <Chart title="Lurkers, contributors, creators" csv_href figures>
            <SplitBars rows parts=vec!["Lurkers (only read)", "Contributors", "Creators"] />
        </Chart>
    }
}

#[component]
fn DailyChart(report: AnalyticsReport, csv_href: String) -> impl IntoView {
    let figures = Figures {
        headings: vec!["Date".into(), "Active".into(), "Took part".into()],
        rows: report
            .daily
            .iter()
            .map(|day| {
                vec![
                    day_label(day.day),
                    day.active.to_string(),
                    day.taking_part.to_string(),
                ]
            })
            .collect(),
    };
    let days = report
        .daily
        .into_iter()
        .map(|day| (day_label(day.day), day.active, day.taking_part))
        .collect();
    view! {
        <Chart title="Day by day: active, and taking part (darker)" csv_href figures wide=true>
            <DailyColumns days />
        </Chart>
    }
}

/// A group is marked as lagging when it takes part at under this share of the overall rate:
/// small differences are noise, not a reason to chase a team.
const BELOW_SHARE_OF_OVERALL: f64 = 0.75;

/// Which column the breakdown is sorted by.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    Audience,
    Active,
    TakingPart,
}

#[component]
fn Breakdown(report: AnalyticsReport, csv_href: String) -> impl IntoView {
    let by = report.query.by;
    let overall = GroupFigures {
        name: String::new(),
        audience: report.audience,
        segments: report.segments,
    };
    let overall_taking_part = overall.taking_part_percent();
    let groups = StoredValue::new(report.groups);
    // Weakest first, as the server sends them, until a heading is chosen.
    let sort = RwSignal::new(None::<(Column, bool)>);
    let sorted = move || {
        let mut groups = groups.get_value();
        if let Some((column, descending)) = sort.get() {
            groups.sort_by(|a, b| {
                let order = match column {
                    Column::Name => a.name.cmp(&b.name),
                    Column::Audience => a.audience.cmp(&b.audience),
                    Column::Active => a.active_percent().total_cmp(&b.active_percent()),
                    Column::TakingPart => {
                        a.taking_part_percent().total_cmp(&b.taking_part_percent())
                    }
                };
                if descending {
                    order.reverse()
                } else {
                    order
                }
            });
        }
        groups
    };
    let heading = move |column: Column, label: &'static str| {
        let state = move || sort.get().filter(|(current, _)| *current == column);
        view! {
            <th
                scope="col"
                aria-sort=move || match state() {
                    Some((_, true)) => "descending",
                    Some((_, false)) => "ascending",
                    None => "none",
                }
            >
                <button
                    type="button"
                    class="sort-button"
                    on:click=move |_| {
                        let descending = state().is_some_and(|(_, descending)| !descending);
                        sort.set(Some((column, descending)));
                    }
                >
                    {label}
                </button>
            </th>
        }
    };
    view! {
        <section class="breakdown" aria-labelledby="breakdown-heading">
            <div class="section-head">
                <h2 id="breakdown-heading">{format!("By {}", by.label().to_lowercase())}</h2>
                <a class="button-quiet" href=csv_href download rel="external">
                    "CSV"
                </a>
            </div>
            <p class="hint">
                {format!(
                    "Weakest first. Rows marked \u{25BC} take part at under three quarters of the \
                     overall {}\u{202f}%. Click a heading to sort.",
                    one_decimal(overall_taking_part),
                )}
                {(!report.may_list_people)
                    .then(|| {
                        format!(
                            " Groups under {} people are counted together.",
                            report.smallest_group,
                        )
                    })}
            </p>
            <div class="table-wrap">
                <table class="data-table breakdown-table">
                    <thead>
                        <tr>
                            {heading(Column::Name, by.label())}
                            {heading(Column::Audience, "Audience")}
                            <th scope="col">"Only read"</th>
                            <th scope="col">"Voted or commented"</th>
                            <th scope="col">"Submitted ideas"</th>
                            {heading(Column::Active, "% showed up")}
                            {heading(Column::TakingPart, "% took part")}
                        </tr>
                    </thead>
                    <tbody>
                        <For each=sorted key=|group| group.name.clone() let:group>
                            <GroupRow group overall_taking_part />
                        </For>
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn GroupRow(group: GroupFigures, overall_taking_part: f64) -> impl IntoView {
    let taking_part = group.taking_part_percent();
    let below = taking_part < overall_taking_part * BELOW_SHARE_OF_OVERALL;
    view! {
        <tr class:below=below>
            <th scope="row">
                {below.then(|| view! { <span aria-hidden="true">"\u{25BC} "</span> <span class="visually-hidden">"Below overall: "</span> })}
                {group.name.clone()}
            </th>
            <td>{group.audience}</td>
            <td>{group.segments.lurkers}</td>
            <td>{group.segments.contributors}</td>
            <td>{group.segments.creators}</td>
            <td>
                <span class="meter" style=format!("--share: {:.1}%", group.active_percent())></span>
                {one_decimal(group.active_percent())}
            </td>
            <td>
                <span class="meter" style=format!("--share: {taking_part:.1}%")></span>
                {one_decimal(taking_part)}
            </td>
        </tr>
    }
}

#[component]
fn Responsiveness(report: AnalyticsReport) -> impl IntoView {
    let figures = report.responsiveness;
    let text = if figures.ideas == 0 {
        "No ideas were submitted in this period.".to_owned()
    } else {
        let median = figures.median_hours.map_or_else(
            || "none has been answered yet".to_owned(),
            |hours| {
                if hours < 48.0 {
                    format!("the median wait was {} hours", one_decimal(hours))
                } else {
                    format!("the median wait was {} days", one_decimal(hours / 24.0))
                }
            },
        );
        format!(
            "{} of {} ideas submitted in this period ({}\u{202f}%) have an official response; {median}.",
            figures.answered,
            figures.ideas,
            one_decimal(percent(figures.answered, figures.ideas)),
        )
    };
    view! {
        <section class="responsiveness" aria-labelledby="responsiveness-heading">
            <h2 id="responsiveness-heading">"Leadership responsiveness"</h2>
            <p>{text}</p>
        </section>
    }
}

#[component]
fn Privacy(hidden: bool, privacy: ServerAction<SetPersonListsHidden>) -> impl IntoView {
    view! {
        <section class="privacy" aria-labelledby="privacy-heading">
            <h2 id="privacy-heading">"Privacy"</h2>
            <p>
                {if hidden {
                    "Lists of individual people's activity are turned off for everyone. The \
                     figures above stay."
                } else {
                    "Leaders and admins can see who is active or inactive, to invite them. Members \
                     only ever see totals."
                }}
            </p>
            <ActionForm action=privacy>
                <input type="hidden" name="hidden" value=(!hidden).to_string() />
                <button type="submit" class="button-quiet">
                    {if hidden { "Turn per-person lists back on" } else { "Turn per-person lists off" }}
                </button>
            </ActionForm>
            <crate::components::error_notice::FormError error=Signal::derive(move || {
                privacy.value().get().and_then(Result::err)
            }) />
        </section>
    }
}
