//! A Markdown text area with a character count and a live preview rendered by the server, with
//! the same sanitiser as the published text, so the preview is exactly what others will see.

use std::time::Duration;

use leptos::{prelude::*, text_prop::TextProp};

use crate::{
    api::ideas::PreviewMarkdown,
    components::error_notice::error_text,
    i18n::{t, t_string, use_i18n},
};

/// Pause in typing after which the preview is refreshed.
const PREVIEW_DELAY: Duration = Duration::from_millis(400);

#[component]
pub fn MarkdownField(
    name: &'static str,
    /// The field's label: text, or a closure giving it in the page's language.
    #[prop(into)]
    label: TextProp,
    max_chars: usize,
    rows: u32,
    required: bool,
    /// The text, when the page keeps it (e.g. a draft that must survive re-rendering).
    #[prop(optional)]
    value: Option<RwSignal<String>>,
    /// Called after each change, e.g. to look for similar ideas.
    #[prop(optional, into)]
    on_change: Option<Callback<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let value = value.unwrap_or_else(|| RwSignal::new(String::new()));
    let preview = ServerAction::<PreviewMarkdown>::new();
    let pending = StoredValue::new(None::<TimeoutHandle>);
    // A preview due after the field is gone (e.g. the form was submitted and the page changed)
    // must not run: its action and callback no longer exist.
    on_cleanup(move || {
        if let Some(handle) = pending.try_get_value().flatten() {
            handle.clear();
        }
    });
    let typed = move |text: String| {
        value.set(text.clone());
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                if let Some(on_change) = on_change {
                    on_change.run(text.clone());
                }
                preview.dispatch(PreviewMarkdown { markdown: text });
            },
            PREVIEW_DELAY,
        );
        pending.set_value(handle.ok());
    };
    let count = move || {
        let used = value.with(|text| text.chars().count());
        t_string!(i18n, common.characters_used, used, max = max_chars).to_string()
    };
    let preview_id = format!("{}-preview", name.replace(['[', ']'], "-"));
    view! {
        <div class="markdown-field">
            <label>
                {move || label.get()}
                <textarea
                    name=name
                    rows=rows
                    required=required
                    prop:value=move || value.get()
                    on:input=move |ev| typed(event_target_value(&ev))
                ></textarea>
            </label>
            <p class="hint" class:over-limit=move || value.with(|t| t.chars().count() > max_chars)>
                {count} {t!(i18n, common.markdown_hint)}
            </p>
            <section class="preview" aria-label=move || t_string!(i18n, common.preview) id=preview_id aria-live="polite">
                {move || match preview.value().get() {
                    Some(Ok(html)) if !html.is_empty() => {
                        view! { <div class="markdown" inner_html=html></div> }.into_any()
                    }
                    Some(Err(error)) => {
                        view! { <p class="form-error">{error_text(&error, i18n.get_locale())}</p> }
                            .into_any()
                    }
                    _ => view! { <p class="hint">{t!(i18n, common.preview_empty)}</p> }.into_any(),
                }}
            </section>
        </div>
    }
}
