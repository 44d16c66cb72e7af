//! Below the columns: members' reports, hidden content to restore, and the audit log.

use leptos::prelude::*;
use leptos_router::components::A;

use super::BoardState;
use crate::{
    api::moderation::{dismiss_report, hide, restore},
    components::time::LocalTime,
    domain::bounded_text,
    i18n::{t, t_string, use_i18n},
    locale::format_integer,
    model::{Board, ReportView},
};

#[component]
pub(super) fn Queue(state: BoardState, board: Board) -> impl IntoView {
    let challenge_id = board.challenge_id;
    let hidden_ideas: Vec<_> = board
        .ideas
        .iter()
        .filter_map(|idea| idea.hidden.clone().map(|reason| (idea.clone(), reason)))
        .collect();
    let nothing_hidden = hidden_ideas.is_empty() && board.hidden_comments.is_empty();
    let report_count = board.reports.len() as i64;
    let i18n = use_i18n();
    view! {
        <section class="panel" aria-labelledby="reports-heading">
            <h2 id="reports-heading">
                {t!(i18n, moderation.reports_heading, number = move || format_integer(i18n.get_locale(), report_count))}
            </h2>
            {board.reports.is_empty().then(|| view! { <p class="empty-state">{t!(i18n, moderation.no_open_reports)}</p> })}
            <ul class="report-queue">
                {board.reports.into_iter().map(|report| view! { <ReportItem state report /> }).collect_view()}
            </ul>
        </section>
        <section class="panel" aria-labelledby="hidden-heading">
            <h2 id="hidden-heading">{t!(i18n, moderation.hidden_content)}</h2>
            {nothing_hidden.then(|| view! { <p class="empty-state">{t!(i18n, moderation.nothing_hidden)}</p> })}
            <ul class="hidden-content">
                {hidden_ideas
                    .into_iter()
                    .map(|(idea, reason)| {
                        let idea_id = idea.idea_id;
                        view! {
                            <li>
                                <A href=format!("/challenges/{challenge_id}/ideas/{idea_id}")>{idea.title}</A>
                                {t!(i18n, moderation.hidden_idea_reason, reason = move || reason.clone())}
                                <button
                                    type="button"
                                    class="button-quiet"
                                    disabled=move || state.busy.get()
                                    on:click=move |_| {
                                        state.perform(t_string!(i18n, moderation.idea_restored), restore(challenge_id, Some(idea_id), None))
                                    }
                                >
                                    {t!(i18n, moderation.restore)}
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
                {board
                    .hidden_comments
                    .into_iter()
                    .map(|comment| {
                        let comment_id = comment.comment_id;
                        let excerpt = comment.excerpt;
                        view! {
                            <li>
                                {t!(i18n, moderation.hidden_comment_on, excerpt = move || excerpt.clone())}
                                <A href=format!("/challenges/{challenge_id}/ideas/{}", comment.idea_id)>{comment.idea_title}</A>
                                {format!(" \u{2014} {} ", comment.reason)}
                                <button
                                    type="button"
                                    class="button-quiet"
                                    disabled=move || state.busy.get()
                                    on:click=move |_| {
                                        state.perform(t_string!(i18n, moderation.comment_restored), restore(challenge_id, None, Some(comment_id)))
                                    }
                                >
                                    {t!(i18n, moderation.restore)}
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
        <section class="panel" aria-labelledby="log-heading">
            <h2 id="log-heading">{t!(i18n, moderation.audit_log)}</h2>
            {board.log.is_empty().then(|| view! { <p class="empty-state">{t!(i18n, moderation.no_moderation_yet)}</p> })}
            <ol class="audit-log">
                {board
                    .log
                    .into_iter()
                    .map(|entry| {
                        view! {
                            <li class:undone=entry.undone>
                                <LocalTime at=entry.at /> " \u{b7} " <strong>{entry.actor_name}</strong> ": " {entry.summary}
                                {entry.undone.then_some(t!(i18n, moderation.undone_mark))}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}

/// One report: what was reported and why, with hide (the reason is prefilled, and editable,
/// as the author sees it) and dismiss.
#[component]
fn ReportItem(state: BoardState, report: ReportView) -> impl IntoView {
    let challenge_id = state.challenge_id.get_untracked();
    let report_id = report.report_id;
    let reason = RwSignal::new(report.reason.clone());
    let (idea_id, comment_id) = match report.comment_id {
        Some(comment_id) => (None, Some(comment_id)),
        None => (Some(report.idea_id), None),
    };
    let i18n = use_i18n();
    let on_comment = comment_id.is_some();
    let what = move || {
        if on_comment {
            t_string!(i18n, moderation.report_comment_on)
        } else {
            t_string!(i18n, moderation.report_the_idea)
        }
    };
    let excerpt = report.excerpt;
    view! {
        <li class="report-item">
            <p>
                {what} " "
                <A href=format!("/challenges/{challenge_id}/ideas/{}", report.idea_id)>{report.idea_title}</A>
                {t!(i18n, moderation.report_excerpt, excerpt = move || excerpt.clone())}
            </p>
            <p class="meta">
                {t!(i18n, moderation.reported_by)} {report.reporter_name} " \u{b7} " <LocalTime at=report.at /> ": " {report.reason}
            </p>
            <div class="inline-form">
                <label>
                    {t!(i18n, moderation.reason_for_author)}
                    <input maxlength=bounded_text::HIDING_REASON.max_chars prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) />
                </label>
                <button
                    type="button"
                    class="button-danger"
                    disabled=move || state.busy.get()
                    on:click=move |_| {
                        state.perform(
                            t_string!(i18n, moderation.hidden_author_told),
                            hide(challenge_id, idea_id, comment_id, reason.get_untracked()),
                        )
                    }
                >
                    {t!(i18n, moderation.hide)}
                </button>
                <button
                    type="button"
                    class="button-quiet"
                    disabled=move || state.busy.get()
                    on:click=move |_| state.perform(t_string!(i18n, moderation.report_dismissed), dismiss_report(challenge_id, report_id))
                >
                    {t!(i18n, moderation.dismiss)}
                </button>
            </div>
        </li>
    }
}
