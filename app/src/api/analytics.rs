//! Participation analytics: the figures everyone signed in may see, the per-person lists that
//! only leaders and admins get, and the admin's switch that turns those lists off.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::i18n::td_string;
use crate::{
    error::AppError,
    model::{AnalyticsReport, PeopleList, PeopleQuery, ReportQuery},
};

/// Signed in: funnel, segments, breakdown, daily activity and responsiveness for the scope and
/// period asked for. A challenge the viewer may not see is reported as missing.
#[server(endpoint = "analytics/report")]
pub async fn load_analytics(query: ReportQuery) -> Result<AnalyticsReport, AppError> {
    use crate::server::{analytics, auth, clock::now_ms, state::app_state};
    let viewer = auth::require_viewer().await?;
    analytics::report(&app_state()?.db, &viewer, query, now_ms()).await
}

/// Leaders and admins, unless the organisation turned it off: who is active or inactive. The
/// page gets the first [`PeopleList::SHOWN`]; `people.csv` has them all.
#[server(endpoint = "analytics/people")]
pub async fn activity_people(query: PeopleQuery) -> Result<PeopleList, AppError> {
    use crate::server::{analytics, auth, clock::now_ms, state::app_state};
    let viewer = auth::require_viewer().await?;
    let mut list = analytics::people_list(&app_state()?.db, &viewer, query, now_ms()).await?;
    list.people.truncate(PeopleList::SHOWN);
    Ok(list)
}

/// Admins: turns per-person activity lists off (or back on) for everyone.
#[server(endpoint = "analytics/privacy")]
pub async fn set_person_lists_hidden(hidden: bool) -> Result<(), AppError> {
    use crate::{
        model::Role,
        server::{auth, db, state::app_state},
    };
    auth::require_role(&[Role::Admin], |locale| {
        td_string!(locale, errors.action_change_analytics)
    })
    .await?;
    db::analytics::set_setting(
        app_state()?.db.writer(),
        db::analytics::PERSON_LISTS_HIDDEN,
        if hidden { "true" } else { "false" },
    )
    .await?;
    Ok(())
}
