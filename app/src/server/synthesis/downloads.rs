//! `GET /api/challenges/{id}/synthesis/{file}`: the infographic as SVG, PNG or PDF for whoever
//! may see the synthesis, and the challenge's contributions as CSV or JSON for its moderators.

use axum::{
    extract::{Path, Query, State},
    http::{header, request::Parts},
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use super::{draw, export_csv, export_json, infographic, pdf, png, Facts, Shown};
use crate::{
    error::AppError,
    i18n::td_string,
    locale::request_locale,
    model::Paper,
    server::{auth, clock::now_ms, db, state::AppState},
};

/// The PNG's width: sharp enough to print A4 at about 200 dpi.
const PNG_WIDTH: u32 = 2339;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DownloadOptions {
    pub paper: Paper,
    /// Moderators: the draft rather than what was published.
    pub preview: bool,
}

pub async fn download(
    State(state): State<AppState>,
    Path((challenge_id, file)): Path<(i64, String)>,
    Query(options): Query<DownloadOptions>,
    parts: Parts,
) -> Response {
    match render(&state, challenge_id, &file, &options, &parts).await {
        Ok((content_type, body)) => {
            let disposition = format!("attachment; filename=\"challenge-{challenge_id}-{file}\"");
            (
                [
                    (header::CONTENT_TYPE, content_type.to_owned()),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                body,
            )
                .into_response()
        }
        Err(error) => error.into_response(),
    }
}

async fn render(
    state: &AppState,
    challenge_id: i64,
    file: &str,
    options: &DownloadOptions,
    parts: &Parts,
) -> Result<(&'static str, Vec<u8>), AppError> {
    let viewer = auth::viewer_of(state, parts)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let now = now_ms();
    let db = &state.db;
    let shown = Shown::load(db, &viewer, challenge_id, options.preview, now).await?;
    let facts = Facts::load(db, challenge_id).await?;
    let drawn = infographic(&shown.challenge, &shown.composition, &facts, now);
    // The downloads are for everyone's wall: nobody's name is marked. They speak the language
    // of the request (chosen language, else the browser's).
    let locale = request_locale(parts);
    let svg = || draw(&drawn, options.paper, None, locale);
    let exports_allowed = || {
        if shown.moderates {
            Ok(())
        } else {
            Err(AppError::forbidden(td_string!(
                locale,
                errors.moderators_only_export
            )))
        }
    };
    match file {
        "infographic.svg" => Ok(("image/svg+xml; charset=utf-8", svg().into_bytes())),
        "infographic.png" => Ok(("image/png", png(&svg(), PNG_WIDTH)?)),
        "infographic.pdf" => Ok(("application/pdf", pdf(&svg())?)),
        "export.csv" => {
            exports_allowed()?;
            let rows = db::synthesis::export_rows(db.reader(), challenge_id).await?;
            Ok((
                "text/csv; charset=utf-8",
                export_csv(&shown.composition, &facts, &rows)?,
            ))
        }
        "export.json" => {
            exports_allowed()?;
            let rows = db::synthesis::export_rows(db.reader(), challenge_id).await?;
            let json = export_json(&drawn, &shown.composition, &facts, &rows)?;
            Ok(("application/json", json))
        }
        _ => Err(AppError::not_found(td_string!(locale, errors.no_such_file))),
    }
}
