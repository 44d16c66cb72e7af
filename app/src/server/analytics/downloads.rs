//! `GET /api/analytics/{file}`: every chart's numbers as CSV (`funnel.csv`, `segments.csv`,
//! `groups.csv`, `daily.csv`) for whoever may see the page, and `people.csv` (a people list,
//! unabridged) for leaders and admins. The query string is the page's own.

use std::collections::HashMap;

use axum::{
    extract::{Path, Query, State},
    http::{header, request::Parts},
    response::{IntoResponse, Response},
};

use super::{people_list, report};
use crate::{
    error::AppError,
    i18n::{td_string, Locale},
    model::{
        day_label, one_decimal, percent, AnalyticsReport, PeopleQuery, ReportQuery, REFERENCE_SPLIT,
    },
    server::{auth, clock::now_ms, state::AppState},
};

pub async fn download(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(params): Query<HashMap<String, String>>,
    parts: Parts,
) -> Response {
    let get = |name: &str| params.get(name).cloned();
    match render(&state, &file, get, &parts).await {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"chorus-{file}\""),
                ),
            ],
            body,
        )
            .into_response(),
        Err(error) => error.into_response(),
    }
}

async fn render(
    state: &AppState,
    file: &str,
    get: impl Fn(&str) -> Option<String>,
    parts: &Parts,
) -> Result<Vec<u8>, AppError> {
    let viewer = auth::viewer_of(state, parts)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let db = &state.db;
    let now = now_ms();
    let rows = match file {
        "people.csv" => {
            let list = people_list(db, &viewer, PeopleQuery::from_query(get), now).await?;
            let mut rows = vec![to_row([
                "name",
                "email",
                "department",
                "region",
                "manager",
                "last_seen",
                "activity",
            ])];
            rows.extend(list.people.into_iter().map(|person| {
                vec![
                    person.display_name,
                    person.email,
                    person.department,
                    person.region,
                    person.manager,
                    person.last_seen_day.map(day_label).unwrap_or_default(),
                    person.segment.name(Locale::en).to_owned(),
                ]
            }));
            rows
        }
        "funnel.csv" | "segments.csv" | "groups.csv" | "daily.csv" => {
            let report = report(db, &viewer, ReportQuery::from_query(get), now).await?;
            chart_table(&report, file)
        }
        _ => {
            return Err(AppError::not_found(td_string!(
                crate::locale::current_locale(),
                errors.no_such_download
            )))
        }
    };
    let mut csv = csv::Writer::from_writer(Vec::new());
    for row in rows {
        csv.write_record(row)
            .map_err(|error| crate::server::internal("analytics CSV", error))?;
    }
    csv.into_inner()
        .map_err(|error| crate::server::internal("analytics CSV", error))
}

fn to_row<const N: usize>(cells: [&str; N]) -> Vec<String> {
    cells.iter().map(|cell| (*cell).to_owned()).collect()
}

/// The table behind one chart, header first.
fn chart_table(report: &AnalyticsReport, file: &str) -> Vec<Vec<String>> {
    match file {
        "funnel.csv" => {
            let mut rows = vec![to_row(["step", "people", "percent_of_audience"])];
            rows.extend(report.funnel.iter().map(|step| {
                vec![
                    step.stage.name(Locale::en).to_owned(),
                    step.people.to_string(),
                    one_decimal(percent(step.people, report.audience)),
                ]
            }));
            rows
        }
        "segments.csv" => {
            let segments = report.segments;
            let mut rows = vec![to_row([
                "segment",
                "people",
                "percent_of_visitors",
                "reference_percent",
            ])];
            let counts = [segments.lurkers, segments.contributors, segments.creators];
            rows.extend(
                REFERENCE_SPLIT
                    .iter()
                    .zip(counts)
                    .map(|((name, reference), people)| {
                        vec![
                            (*name).to_owned(),
                            people.to_string(),
                            one_decimal(percent(people, segments.visitors())),
                            one_decimal(*reference),
                        ]
                    }),
            );
            rows
        }
        "groups.csv" => {
            let mut rows = vec![vec![
                report.query.by.as_str().to_owned(),
                "audience".into(),
                "lurkers".into(),
                "contributors".into(),
                "creators".into(),
                "percent_active".into(),
                "percent_taking_part".into(),
            ]];
            rows.extend(report.groups.iter().map(|group| {
                vec![
                    group
                        .name
                        .name(Locale::en, report.query.by, report.smallest_group)
                        .into_owned(),
                    group.audience.to_string(),
                    group.segments.lurkers.to_string(),
                    group.segments.contributors.to_string(),
                    group.segments.creators.to_string(),
                    one_decimal(group.active_percent()),
                    one_decimal(group.taking_part_percent()),
                ]
            }));
            rows
        }
        _ => {
            let mut rows = vec![to_row(["date", "active", "taking_part"])];
            rows.extend(report.daily.iter().map(|day| {
                vec![
                    day_label(day.day),
                    day.active.to_string(),
                    day.taking_part.to_string(),
                ]
            }));
            rows
        }
    }
}
