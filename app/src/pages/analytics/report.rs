//! `/analytics`: who showed up, who only read and who took part, for the organisation or one
//! challenge, over a chosen period. Figures only; the per-person lists are on
//! [`super::people`].

use std::cmp::{Ordering, Reverse};

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::{Form, A},
    hooks::use_query_map,
};

use super::{
    breakdown_heading,
    charts::{Bars, Chart, DailyColumns, Figures, SplitBars},
    period_name, scope_name, ScopeSelect,
};
use crate::{
    api::analytics::{load_analytics, SetPersonListsHidden},
    components::{error_notice::ErrorNotice, require_sign_in::RequireSignIn},
    i18n::{t, t_string, td_string, use_i18n, Locale},
    locale::{format_integer, format_one_decimal, format_percent_one_decimal},
    model::{
        day_label, percent, AnalyticsReport, Dimension, GroupFigures, PeopleQuery, PeriodKind,
        ReportQuery, Segments, Viewer, REFERENCE_SPLIT,
    },
};

#[component]
pub fn AnalyticsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query_map = use_query_map();
    let query = Memo::new(move |_| ReportQuery::from_query(|name| query_map.read().get(name)));
    let privacy = ServerAction::<SetPersonListsHidden>::new();
    let report = Resource::new(
        move || (query.get(), privacy.version().get()),
        |(query, _)| load_analytics(query),
    );
    let page = move |_viewer: Viewer| {
        view! {
            <Transition fallback=move || {
                view! { <p class="loading">{t!(i18n, analytics.counting)}</p> }
            }>
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
        <Title text=move || t_string!(i18n, analytics.page_title).to_string() />
        <RequireSignIn page />
    }
}

#[component]
fn Report(report: AnalyticsReport, privacy: ServerAction<SetPersonListsHidden>) -> impl IntoView {
    let i18n = use_i18n();
    let query = report.query.clone();
    let csv = move |table: &str| format!("/api/analytics/{table}.csv?{}", query.to_query());
    let scope = report.scope.clone();
    let (from_day, to_day) = (report.from_day, report.to_day);
    let scope_and_period = move || {
        let locale = i18n.get_locale();
        td_string!(
            locale,
            analytics.scope_and_period,
            scope = scope_name(locale, scope.as_deref()),
            from = day_label(from_day),
            to = day_label(to_day),
        )
        .to_string()
    };
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
                <h1>{t!(i18n, analytics.heading)}</h1>
                <p class="hint">{scope_and_period}</p>
            </div>
            {report
                .may_list_people
                .then(|| {
                    view! {
                        <A href=people_href attr:class="button">
                            {t!(i18n, analytics.who_is_active_or_inactive)}
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
                    <p class="notice empty-state">{t!(i18n, analytics.nobody_came)}</p>
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
    let i18n = use_i18n();
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
                {t!(i18n, analytics.period_label)}
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
                                    {move || period_name(i18n.get_locale(), kind)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <span class="custom-dates" hidden=move || period.get() != PeriodKind::Custom>
                <label>{t!(i18n, analytics.from_label)} <input type="date" name="from" value=from /></label>
                <label>{t!(i18n, analytics.to_label)} <input type="date" name="to" value=to /></label>
            </span>
            <label>
                {t!(i18n, analytics.break_down_by)}
                <select name="by">
                    {Dimension::ALL
                        .into_iter()
                        .map(|by| {
                            view! {
                                <option value=by.as_str() selected=by == query.by>
                                    {move || by.name(i18n.get_locale())}
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

/// Percent change from `before` to `now`, or a word when there was nothing before.
fn change(locale: Locale, now: i64, before: i64) -> String {
    match (now, before) {
        (0, 0) => td_string!(locale, analytics.no_change).to_owned(),
        (_, 0) => td_string!(locale, analytics.new_this_week).to_owned(),
        _ => {
            let change = percent(now - before, before);
            let change = format!(
                "{}{}",
                if change >= 0.0 { "+" } else { "" },
                format_percent_one_decimal(locale, change)
            );
            td_string!(locale, analytics.change_on_last_week, change).to_string()
        }
    }
}

#[component]
fn KeyFigures(report: AnalyticsReport) -> impl IntoView {
    let i18n = use_i18n();
    let segments = report.segments;
    let week = report.week;
    let audience = report.audience;
    move || {
        let locale = i18n.get_locale();
        let cards = [
            (
                td_string!(locale, analytics.showed_up),
                segments.visitors(),
                percent(segments.visitors(), audience),
                change(locale, week.this_week.visitors(), week.last_week.visitors()),
            ),
            (
                td_string!(locale, analytics.voted_or_commented),
                segments.contributors,
                percent(segments.contributors, audience),
                change(
                    locale,
                    week.this_week.contributors,
                    week.last_week.contributors,
                ),
            ),
            (
                td_string!(locale, analytics.submitted_ideas),
                segments.creators,
                percent(segments.creators, audience),
                change(locale, week.this_week.creators, week.last_week.creators),
            ),
            (
                td_string!(locale, analytics.took_part),
                segments.taking_part(),
                segments.taking_part_percent(audience),
                change(
                    locale,
                    week.this_week.taking_part(),
                    week.last_week.taking_part(),
                ),
            ),
        ];
        let out_of = td_string!(
            locale,
            analytics.out_of_audience,
            audience = format_integer(locale, audience),
        )
        .to_string();
        view! {
            <section aria-label=td_string!(locale, analytics.key_figures) class="key-figures">
                <p class="hint">{out_of}</p>
                <ul>
                    {cards
                        .into_iter()
                        .map(|(label, people, share, change)| {
                            let share = td_string!(
                                locale,
                                analytics.share_of_audience,
                                share = format_percent_one_decimal(locale, share),
                            )
                            .to_string();
                            let change = td_string!(locale, analytics.last_7_days_change, change)
                                .to_string();
                            view! {
                                <li class="key-figure">
                                    <span class="key-label">{label}</span>
                                    <strong>{format_integer(locale, people)}</strong>
                                    <span>{share}</span>
                                    <span class="hint">{change}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    }
}

#[component]
fn FunnelChart(report: AnalyticsReport, csv_href: String) -> impl IntoView {
    let i18n = use_i18n();
    let audience = report.audience;
    let funnel = report.funnel;
    move || {
        let locale = i18n.get_locale();
        let share = |people: i64| {
            format!(
                "{} ({})",
                format_integer(locale, people),
                format_percent_one_decimal(locale, percent(people, audience))
            )
        };
        let figures = Figures {
            headings: vec![
                td_string!(locale, analytics.col_step).into(),
                td_string!(locale, analytics.col_people).into(),
                td_string!(locale, analytics.col_share_of_audience).into(),
            ],
            rows: funnel
                .iter()
                .map(|step| {
                    vec![
                        step.stage.name(locale).to_owned(),
                        format_integer(locale, step.people),
                        format_one_decimal(locale, percent(step.people, audience)),
                    ]
                })
                .collect(),
        };
        let bars = funnel
            .iter()
            .map(|step| {
                (
                    step.stage.name(locale).to_owned(),
                    step.people,
                    share(step.people),
                )
            })
            .collect();
        let csv_href = csv_href.clone();
        view! {
            <Chart title=td_string!(locale, analytics.funnel_title) csv_href figures>
                <Bars bars max=audience />
            </Chart>
        }
    }
}

#[component]
fn SegmentChart(segments: Segments, csv_href: String) -> impl IntoView {
    let i18n = use_i18n();
    let visitors = segments.visitors();
    let counts = [segments.lurkers, segments.contributors, segments.creators];
    let ours: Vec<f64> = counts
        .iter()
        .map(|&count| percent(count, visitors))
        .collect();
    move || {
        let locale = i18n.get_locale();
        // In the order of the reference split: lurkers, contributors, creators.
        let names = [
            td_string!(locale, analytics.segment_lurkers),
            td_string!(locale, analytics.segment_contributors),
            td_string!(locale, analytics.segment_creators),
        ];
        let figures = Figures {
            headings: vec![
                td_string!(locale, analytics.col_segment).into(),
                td_string!(locale, analytics.col_people).into(),
                td_string!(locale, analytics.col_share_of_visitors).into(),
                td_string!(locale, analytics.col_reference).into(),
            ],
            rows: names
                .iter()
                .zip(REFERENCE_SPLIT)
                .zip(counts)
                .map(|((name, (_, reference)), count)| {
                    vec![
                        (*name).to_owned(),
                        format_integer(locale, count),
                        format_one_decimal(locale, percent(count, visitors)),
                        format_one_decimal(locale, reference),
                    ]
                })
                .collect(),
        };
        let rows = vec![
            (
                td_string!(locale, analytics.row_here).to_owned(),
                ours.clone(),
            ),
            (
                td_string!(locale, analytics.row_rule).to_owned(),
                REFERENCE_SPLIT.iter().map(|(_, share)| *share).collect(),
            ),
        ];
        let parts = vec![
            td_string!(locale, analytics.legend_lurkers),
            td_string!(locale, analytics.segment_contributors),
            td_string!(locale, analytics.segment_creators),
        ];
        let csv_href = csv_href.clone();
        view! {
            <Chart title=td_string!(locale, analytics.segments_title) csv_href figures>
                <SplitBars rows parts />
            </Chart>
        }
    }
}

#[component]
fn DailyChart(report: AnalyticsReport, csv_href: String) -> impl IntoView {
    let i18n = use_i18n();
    let daily = report.daily;
    move || {
        let locale = i18n.get_locale();
        let figures = Figures {
            headings: vec![
                td_string!(locale, analytics.col_date).into(),
                td_string!(locale, analytics.col_active).into(),
                td_string!(locale, analytics.took_part).into(),
            ],
            rows: daily
                .iter()
                .map(|day| {
                    vec![
                        day_label(day.day),
                        format_integer(locale, day.active),
                        format_integer(locale, day.taking_part),
                    ]
                })
                .collect(),
        };
        let days = daily
            .iter()
            .map(|day| (day_label(day.day), day.active, day.taking_part))
            .collect();
        let csv_href = csv_href.clone();
        view! {
            <Chart title=td_string!(locale, analytics.daily_title) csv_href figures wide=true>
                <DailyColumns days />
            </Chart>
        }
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
    let i18n = use_i18n();
    let by = report.query.by;
    let smallest_group = report.smallest_group;
    let overall_taking_part = report.segments.taking_part_percent(report.audience);
    let groups = StoredValue::new(report.groups);
    // Weakest first, as the server sends them, until a heading is chosen.
    let sort = RwSignal::new(None::<(Column, bool)>);
    let sorted = move || {
        let mut groups = groups.get_value();
        let Some((column, descending)) = sort.get() else {
            return groups;
        };
        let directed = |order: Ordering| if descending { order.reverse() } else { order };
        match column {
            Column::Name => {
                let locale = i18n.get_locale();
                let name =
                    |group: &GroupFigures| group.name.name(locale, by, smallest_group).into_owned();
                if descending {
                    groups.sort_by_cached_key(|group| Reverse(name(group)));
                } else {
                    groups.sort_by_cached_key(name);
                }
            }
            Column::Audience => groups.sort_by(|a, b| directed(a.audience.cmp(&b.audience))),
            Column::Active => {
                groups.sort_by(|a, b| directed(a.active_percent().total_cmp(&b.active_percent())))
            }
            Column::TakingPart => groups.sort_by(|a, b| {
                directed(a.taking_part_percent().total_cmp(&b.taking_part_percent()))
            }),
        }
        groups
    };
    let label = move |column: Column| {
        let locale = i18n.get_locale();
        match column {
            Column::Name => by.name(locale),
            Column::Audience => td_string!(locale, analytics.col_audience),
            Column::Active => td_string!(locale, analytics.col_showed_up),
            Column::TakingPart => td_string!(locale, analytics.col_took_part),
        }
    };
    let heading = move |column: Column| {
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
                    {move || label(column)}
                </button>
            </th>
        }
    };
    let hint = move || {
        let locale = i18n.get_locale();
        td_string!(
            locale,
            analytics.breakdown_hint,
            share = format_percent_one_decimal(locale, overall_taking_part),
        )
        .to_string()
    };
    let small_groups = move || {
        let locale = i18n.get_locale();
        td_string!(
            locale,
            analytics.small_groups_hint,
            size = format_integer(locale, smallest_group),
        )
        .to_string()
    };
    view! {
        <section class="breakdown" aria-labelledby="breakdown-heading">
            <div class="section-head">
                <h2 id="breakdown-heading">{move || breakdown_heading(i18n.get_locale(), by)}</h2>
                <a class="button-quiet" href=csv_href download rel="external">
                    "CSV"
                </a>
            </div>
            <p class="hint">
                {hint}
                {(!report.may_list_people).then_some(small_groups)}
            </p>
            <div class="table-wrap">
                <table class="data-table breakdown-table">
                    <thead>
                        <tr>
                            {heading(Column::Name)}
                            {heading(Column::Audience)}
                            <th scope="col">{t!(i18n, analytics.col_only_read)}</th>
                            <th scope="col">{t!(i18n, analytics.voted_or_commented)}</th>
                            <th scope="col">{t!(i18n, analytics.submitted_ideas)}</th>
                            {heading(Column::Active)}
                            {heading(Column::TakingPart)}
                        </tr>
                    </thead>
                    <tbody>
                        <For each=sorted key=|group| group.name.clone() let:group>
                            <GroupRow group by overall_taking_part smallest_group />
                        </For>
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn GroupRow(
    group: GroupFigures,
    by: Dimension,
    overall_taking_part: f64,
    smallest_group: i64,
) -> impl IntoView {
    let i18n = use_i18n();
    let active = group.active_percent();
    let taking_part = group.taking_part_percent();
    let below = taking_part < overall_taking_part * BELOW_SHARE_OF_OVERALL;
    let (audience, segments) = (group.audience, group.segments);
    let name = group.name;
    let number = move |n: i64| move || format_integer(i18n.get_locale(), n);
    let share = move |x: f64| move || format_one_decimal(i18n.get_locale(), x);
    view! {
        <tr class:below=below>
            <th scope="row">
                {below.then(|| view! { <span aria-hidden="true">"\u{25BC} "</span> <span class="visually-hidden">{t!(i18n, analytics.below_overall)}</span> })}
                {move || name.name(i18n.get_locale(), by, smallest_group).into_owned()}
            </th>
            <td>{number(audience)}</td>
            <td>{number(segments.lurkers)}</td>
            <td>{number(segments.contributors)}</td>
            <td>{number(segments.creators)}</td>
            <td>
                <span class="meter" style=format!("--share: {active:.1}%")></span>
                {share(active)}
            </td>
            <td>
                <span class="meter" style=format!("--share: {taking_part:.1}%")></span>
                {share(taking_part)}
            </td>
        </tr>
    }
}

#[component]
fn Responsiveness(report: AnalyticsReport) -> impl IntoView {
    let i18n = use_i18n();
    let figures = report.responsiveness;
    let text = move || {
        let locale = i18n.get_locale();
        if figures.ideas == 0 {
            return td_string!(locale, analytics.no_ideas_in_period).to_owned();
        }
        let median = figures.median_hours.map_or_else(
            || td_string!(locale, analytics.none_answered).to_owned(),
            |hours| {
                if hours < 48.0 {
                    let hours = format_one_decimal(locale, hours);
                    td_string!(locale, analytics.median_wait_hours, hours).to_string()
                } else {
                    let days = format_one_decimal(locale, hours / 24.0);
                    td_string!(locale, analytics.median_wait_days, days).to_string()
                }
            },
        );
        td_string!(
            locale,
            analytics.responsiveness_text,
            answered = format_integer(locale, figures.answered),
            ideas = format_integer(locale, figures.ideas),
            share = format_percent_one_decimal(locale, percent(figures.answered, figures.ideas)),
            median,
        )
        .to_string()
    };
    view! {
        <section class="responsiveness" aria-labelledby="responsiveness-heading">
            <h2 id="responsiveness-heading">{t!(i18n, analytics.responsiveness_heading)}</h2>
            <p>{text}</p>
        </section>
    }
}

#[component]
fn Privacy(hidden: bool, privacy: ServerAction<SetPersonListsHidden>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="privacy" aria-labelledby="privacy-heading">
            <h2 id="privacy-heading">{t!(i18n, analytics.privacy_heading)}</h2>
            <p>
                {move || {
                    if hidden {
                        t_string!(i18n, analytics.privacy_lists_off)
                    } else {
                        t_string!(i18n, analytics.privacy_lists_on)
                    }
                }}
            </p>
            <ActionForm action=privacy>
                <input type="hidden" name="hidden" value=(!hidden).to_string() />
                <button type="submit" class="button-quiet">
                    {move || {
                        if hidden {
                            t_string!(i18n, analytics.turn_lists_on)
                        } else {
                            t_string!(i18n, analytics.turn_lists_off)
                        }
                    }}
                </button>
            </ActionForm>
            <crate::components::error_notice::FormError error=Signal::derive(move || {
                privacy.value().get().and_then(Result::err)
            }) />
        </section>
    }
}
