//! The language a signed-in person chose for the interface (and their email).

use leptos::prelude::*;

use crate::error::AppError;

/// Signed in: the chosen language's code, or `None` when the browser's language applies.
#[server(endpoint = "language")]
pub async fn my_language() -> Result<Option<String>, AppError> {
    use crate::server::{auth, db, state::app_state};
    let viewer = auth::require_viewer().await?;
    Ok(db::people::language(app_state()?.db.reader(), viewer.person_id).await?)
}

/// Signed in: keeps `language` (`en`, `es`, `nl`, or empty for the browser's) for this person
/// and remembers it in this browser's cookie, so the next page is rendered in it.
#[server(endpoint = "language/save")]
pub async fn save_language(language: String) -> Result<(), AppError> {
    use leptos_i18n::Locale as _;

    use crate::{
        i18n::td_string,
        locale::{current_locale, language_cookie, parse_language},
        server::{auth, db, state::app_state},
    };
    let viewer = auth::require_viewer().await?;
    let chosen = match language.trim() {
        "" => None,
        code => Some(parse_language(code).ok_or_else(|| {
            AppError::invalid(
                td_string!(current_locale(), common.unknown_language, code).to_string(),
            )
        })?),
    };
    let state = app_state()?;
    db::people::set_language(
        state.db.writer(),
        viewer.person_id,
        chosen.map(|locale| locale.as_str()),
    )
    .await?;
    auth::set_cookie(&language_cookie(chosen, state.settings.secure_cookies))
}
