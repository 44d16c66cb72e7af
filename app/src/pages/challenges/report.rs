//! "Report": lets anyone taking part flag an idea or a comment for the moderators' queue.

use leptos::prelude::*;

use crate::{
    api::moderation::Report,
    components::error_notice::FormError,
    domain::bounded_text,
    i18n::{t, t_string, use_i18n},
};

#[component]
pub fn ReportButton(challenge_id: i64, idea_id: i64, comment_id: Option<i64>) -> impl IntoView {
    let report = ServerAction::<Report>::new();
    let error = Signal::derive(move || report.value().get().and_then(Result::err));
    let sent = move || matches!(report.value().get(), Some(Ok(())));
    let i18n = use_i18n();
    let on_comment = comment_id.is_some();
    let question = move || {
        if on_comment {
            t_string!(i18n, challenges.report_reason_comment)
        } else {
            t_string!(i18n, challenges.report_reason_idea)
        }
    };
    view! {
        <details class="report">
            <summary>{t!(i18n, challenges.report)}</summary>
            {move || {
                if sent() {
                    view! {
                        <p class="notice" role="status">
                            {t!(i18n, challenges.report_thanks)}
                        </p>
                    }
                        .into_any()
                } else {
                    view! {
                        <ActionForm action=report attr:class="stack-form">
                            <input type="hidden" name="challenge_id" value=challenge_id />
                            <input type="hidden" name="idea_id" value=idea_id />
                            {comment_id.map(|id| view! { <input type="hidden" name="comment_id" value=id /> })}
                            <label>
                                {question}
                                <textarea name="reason" rows="2" required maxlength=bounded_text::REPORT_REASON.max_chars></textarea>
                            </label>
                            <FormError error />
                            <div class="form-actions">
                                <button type="submit" class="button" disabled=move || report.pending().get()>
                                    {t!(i18n, challenges.send_to_moderators)}
                                </button>
                            </div>
                        </ActionForm>
                    }
                        .into_any()
                }
            }}
        </details>
    }
}
