//! Below the columns: members' reports, hidden content to restore, and the audit log.

use leptos::prelude::*;
use leptos_router::components::A;

use super::BoardState;
use crate::{
    api::moderation::{dismiss_report, hide, restore},
    components::time::LocalTime,
    domain::bounded_text,
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
    view! {
        <section class="panel" aria-labelledby="reports-heading">
            <h2 id="reports-heading">{format!("Reports ({})", board.reports.len())}</h2>
            {board.reports.is_empty().then(|| view! { <p class="empty-state">"No open reports."</p> })}
            <ul class="report-queue">
                {board.reports.into_iter().map(|report| view! { <ReportItem state report /> }).collect_view()}
            </ul>
        </section>
        <section class="panel" aria-labelledby="hidden-heading">
            <h2 id="hidden-heading">"Hidden content"</h2>
            {nothing_hidden.then(|| view! { <p class="empty-state">"Nothing is hidden."</p> })}
            <ul class="hidden-content">
                {hidden_ideas
                    .into_iter()
                    .map(|(idea, reason)| {
                        let idea_id = idea.idea_id;
                        view! {
                            <li>
                                <A href=format!("/challenges/{challenge_id}/ideas/{idea_id}")>{idea.title}</A>
                                {format!(" (idea) \u{2014} {reason} ")}
                                <button
                                    type="button"
                                    class="button-quiet"
                                    disabled=move || state.busy.get()
                                    on:click=move |_| state.perform("Restored the idea.", restore(challenge_id, Some(idea_id), None))
                                >
                                    "Restore"
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
                        view! {
                            <li>
                                {format!("Comment \u{201c}{}\u{201d} on ", comment.excerpt)}
                                <A href=format!("/challenges/{challenge_id}/ideas/{}", comment.idea_id)>{comment.idea_title}</A>
                                {format!(" \u{2014} {} ", comment.reason)}
                                <button
                                    type="button"
                                    class="button-quiet"
                                    disabled=move || state.busy.get()
                                    on:click=move |_| state.perform("Restored the comment.", restore(challenge_id, None, Some(comment_id)))
                                >
                                    "Restore"
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
        <section class="panel" aria-labelledby="log-heading">
            <h2 id="log-heading">"Audit log"</h2>
            {board.log.is_empty().then(|| view! { <p class="empty-state">"No moderation yet."</p> })}
            <ol class="audit-log">
                {board
                    .log
                    .into_iter()
                    .map(|entry| {
                        view! {
                            <li class:undone=entry.undone>
                                <LocalTime at=entry.at /> " \u{b7} " <strong>{entry.actor_name}</strong> ": " {entry.summary}
                                {entry.undone.then_some(" (undone)")}
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
    let what = if comment_id.is_some() {
        "A comment on"
    } else {
        "The idea"
    };
    view! {
        <li class="report-item">
            <p>
                {what} " "
                <A href=format!("/challenges/{challenge_id}/ideas/{}", report.idea_id)>{report.idea_title}</A>
                ": \u{201c}" {report.excerpt} "\u{201d}"
            </p>
            <p class="meta">
                "Reported by " {report.reporter_name} " \u{b7} " <LocalTime at=report.at /> ": " {report.reason}
            </p>
            <div class="inline-form">
                <label>
                    "Reason shown to the author "
                    <input maxlength=bounded_text::HIDING_REASON.max_chars prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) />
                </label>
                <button
                    type="button"
                    class="button-danger"
                    disabled=move || state.busy.get()
                    on:click=move |_| state.perform("Hidden; the author was told why.", hide(challenge_id, idea_id, comment_id, reason.get_untracked()))
                >
                    "Hide"
                </button>
                <button
                    type="button"
                    class="button-quiet"
                    disabled=move || state.busy.get()
                    on:click=move |_| state.perform("Report dismissed.", dismiss_report(challenge_id, report_id))
                >
                    "Dismiss"
                </button>
            </div>
        </li>
    }
}
