//! Small SVG charts drawn by us (no chart library in the bundle). Each sits in a [`Chart`]
//! figure with its numbers as a table, for screen readers and anyone who wants the figures,
//! and a link to the same table as CSV.

use leptos::prelude::*;

use crate::{
    i18n::{t, t_string, use_i18n},
    locale::format_integer,
};

/// A table of figures: column headings and rows of cells, all text.
#[derive(Clone)]
pub struct Figures {
    pub headings: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A titled figure: the drawing (hidden from screen readers, which get the table), the table
/// behind a disclosure, and a CSV download of it.
#[component]
pub fn Chart(
    title: &'static str,
    /// Where the same numbers download as CSV.
    csv_href: String,
    figures: Figures,
    /// Spans the whole row (for charts over time).
    #[prop(optional)]
    wide: bool,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <figure class="chart" class:chart-wide=wide>
            <figcaption>
                <h2>{title}</h2>
                <a class="button-quiet" href=csv_href download rel="external">
                    "CSV"
                    <span class="visually-hidden">
                        {move || t_string!(i18n, analytics.csv_of, title = title).to_string()}
                    </span>
                </a>
            </figcaption>
            <div aria-hidden="true">{children()}</div>
            <details>
                <summary>{t!(i18n, analytics.show_numbers_table)}</summary>
                <FiguresTable figures />
            </details>
        </figure>
    }
}

#[component]
pub fn FiguresTable(figures: Figures) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <thead>
                    <tr>
                        {figures
                            .headings
                            .into_iter()
                            .map(|heading| view! { <th scope="col">{heading}</th> })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {figures
                        .rows
                        .into_iter()
                        .map(|row| {
                            view! {
                                <tr>
                                    {row
                                        .into_iter()
                                        .map(|cell| view! { <td>{cell}</td> })
                                        .collect_view()}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

const WIDTH: f64 = 640.0;

/// Horizontal bars, one per label, scaled to `max`; each bar is labelled with `note`.
#[component]
pub fn Bars(
    /// Label, value and the text written at the end of the bar.
    bars: Vec<(String, i64, String)>,
    max: i64,
) -> impl IntoView {
    const ROW: f64 = 34.0;
    const LABEL: f64 = 170.0;
    let height = ROW * bars.len() as f64;
    let scale = (WIDTH - LABEL - 110.0) / max.max(1) as f64;
    view! {
        <svg class="bars" viewBox=format!("0 0 {WIDTH} {height}") role="presentation">
            {bars
                .into_iter()
                .enumerate()
                .map(|(index, (label, value, note))| {
                    let y = index as f64 * ROW;
                    let width = (value as f64 * scale).max(1.0);
                    view! {
                        <text x="0" y=y + 22.0 class="chart-label">{label}</text>
                        <rect x=LABEL y=y + 6.0 width=width height=ROW - 12.0 rx="3" class="bar" />
                        <text x=LABEL + width + 6.0 y=y + 22.0 class="chart-value">{note}</text>
                    }
                })
                .collect_view()}
        </svg>
    }
}

/// Two stacked 100 % bars, ours above the reference, split into the same named parts.
#[component]
pub fn SplitBars(
    /// Row label and the parts' percentages, in the order of `parts`.
    rows: Vec<(String, Vec<f64>)>,
    parts: Vec<&'static str>,
) -> impl IntoView {
    const ROW: f64 = 44.0;
    const LABEL: f64 = 170.0;
    let height = ROW * rows.len() as f64 + 24.0;
    let span = WIDTH - LABEL;
    let legend = parts
        .iter()
        .enumerate()
        .map(|(index, part)| {
            let x = LABEL + index as f64 * 150.0;
            view! {
                <rect x=x y=height - 16.0 width="12" height="12" class=format!("part part-{index}") />
                <text x=x + 18.0 y=height - 6.0 class="chart-label">{*part}</text>
            }
        })
        .collect_view();
    view! {
        <svg class="split-bars" viewBox=format!("0 0 {WIDTH} {height}") role="presentation">
            {rows
                .into_iter()
                .enumerate()
                .map(|(row, (label, shares))| {
                    let y = row as f64 * ROW;
                    let mut x = LABEL;
                    let pieces = shares
                        .into_iter()
                        .enumerate()
                        .map(|(index, share)| {
                            let width = span * share / 100.0;
                            let piece = view! {
                                <rect x=x y=y + 6.0 width=width height=ROW - 16.0 class=format!("part part-{index}") />
                            };
                            x += width;
                            piece
                        })
                        .collect_view();
                    view! {
                        <text x="0" y=y + 26.0 class="chart-label">{label}</text>
                        {pieces}
                    }
                })
                .collect_view()}
            {legend}
        </svg>
    }
}

/// A column per day for `active`, with `taking_part` drawn inside it.
#[component]
pub fn DailyColumns(
    /// Date label, active, taking part.
    days: Vec<(String, i64, i64)>,
) -> impl IntoView {
    // Drawn across the page, so wider than the other charts.
    const WIDE: f64 = 1000.0;
    const HEIGHT: f64 = 220.0;
    const AXIS: f64 = 24.0;
    let max = days
        .iter()
        .map(|(_, active, _)| *active)
        .max()
        .unwrap_or(0)
        .max(1);
    let step = WIDE / days.len().max(1) as f64;
    let scale = (HEIGHT - AXIS - 16.0) / max as f64;
    let label_every = (days.len() / 10).max(1);
    let last = days.len().saturating_sub(1);
    let i18n = use_i18n();
    let max_people = move || {
        let people = format_integer(i18n.get_locale(), max);
        t_string!(i18n, analytics.chart_people, people).to_string()
    };
    view! {
        <svg class="daily" viewBox=format!("0 0 {WIDE} {HEIGHT}") role="presentation">
            <text x="0" y="12" class="chart-value">{max_people}</text>
            {days
                .into_iter()
                .enumerate()
                .map(|(index, (date, active, taking_part))| {
                    let x = index as f64 * step;
                    let base = HEIGHT - AXIS;
                    let active_height = active as f64 * scale;
                    let part_height = taking_part as f64 * scale;
                    let labelled = index % label_every == 0 || index == last;
                    view! {
                        <rect x=x + 1.0 y=base - active_height width=(step - 2.0).max(1.0) height=active_height class="bar" />
                        <rect x=x + 1.0 y=base - part_height width=(step - 2.0).max(1.0) height=part_height class="bar-strong" />
                        {labelled.then(|| view! {
                            <text x=x y=HEIGHT - 6.0 class="chart-label">{date.get(5..).unwrap_or(&date).to_owned()}</text>
                        })}
                    }
                })
                .collect_view()}
        </svg>
    }
}
