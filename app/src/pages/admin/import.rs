//! Admins: import people from an HR export, check first, then apply in one go.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::{
    api::people::ImportPeople,
    components::{error_notice::FormError, require_sign_in::RequireSignIn},
    model::{ImportOutcome, ImportReport, Viewer},
};

const EXAMPLE: &str = "name,email,department,region,manager email\n\
                       Ada Lovelace,ada@example.org,Engineering,EMEA,grace@example.org\n\
                       Grace Hopper,grace@example.org,Engineering,Americas,";

#[component]
pub fn ImportPeoplePage() -> impl IntoView {
    view! {
        <Title text="Import people \u{b7} Chorus" />
        <RequireSignIn page=|_viewer: Viewer| view! { <Import /> } />
    }
}

#[component]
fn Import() -> impl IntoView {
    let csv = RwSignal::new(String::new());
    let import = ServerAction::<ImportPeople>::new();
    let error = Signal::derive(move || import.value().get().and_then(Result::err));
    let report = move || import.value().get().and_then(Result::ok);
    let run = move |apply: bool| {
        import.dispatch(ImportPeople {
            csv: csv.get_untracked(),
            apply,
        });
    };

    view! {
        <div class="page-head">
            <h1>"Import people"</h1>
            <A href="/admin/people" attr:class="button button-quiet">
                "Back to people"
            </A>
        </div>
        <section class="panel">
            <p>
                "Paste an export from your HR system, or choose a CSV file. The first line names \
                 the columns: " <code>"name"</code> " and " <code>"email"</code>
                " are required; " <code>"department"</code> ", " <code>"region"</code> " and "
                <code>"manager email"</code>
                " are optional. People already in Chorus are updated (their role is kept); new \
                 people join as members. Nothing is written until you confirm."
            </p>
            <CsvFilePicker csv />
            <label class="stack-form">
                "CSV"
                <textarea
                    rows="10"
                    spellcheck="false"
                    placeholder=EXAMPLE
                    prop:value=move || csv.get()
                    on:input=move |ev| csv.set(event_target_value(&ev))
                ></textarea>
            </label>
            <FormError error />
            <div class="form-actions">
                <button
                    type="button"
                    class="button"
                    disabled=move || import.pending().get() || csv.with(String::is_empty)
                    on:click=move |_| run(false)
                >
                    {move || if import.pending().get() { "Checking\u{2026}" } else { "Check file" }}
                </button>
            </div>
        </section>
        {move || report().map(|report| view! { <ImportResult report run=Callback::new(run) /> })}
    }
}

#[component]
fn ImportResult(report: ImportReport, run: Callback<bool>) -> impl IntoView {
    let accepted = report.accepted();
    let rejected = report.rejected();
    let summary = if report.applied {
        format!("Imported {accepted} people.")
    } else {
        format!(
            "{accepted} of {} rows can be imported; {rejected} rejected.",
            report.rows.len()
        )
    };
    let can_apply = !report.applied && accepted > 0;
    let rows = report
        .rows
        .into_iter()
        .map(|row| {
            let (class, text) = match row.outcome {
                ImportOutcome::Create => ("ok", "New person".to_owned()),
                ImportOutcome::Update => ("ok", "Updates an existing person".to_owned()),
                ImportOutcome::Rejected(reason) => ("rejected", format!("Rejected: {reason}")),
            };
            view! {
                <tr class=class>
                    <td>{row.line}</td>
                    <td>{row.email}</td>
                    <td>{text}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="report-heading">
            <h2 id="report-heading">{if report.applied { "Done" } else { "Check" }}</h2>
            <p role="status" class=if report.applied { "notice notice-ok" } else { "" }>
                {summary}
            </p>
            {can_apply
                .then(|| {
                    view! {
                        <p class="hint">
                            {if rejected > 0 {
                                "Rejected rows are left out. Fix them in your file and import it again later; rows already imported are simply updated."
                            } else {
                                "Every row is fine."
                            }}
                        </p>
                        <button type="button" class="button" on:click=move |_| run.run(true)>
                            {format!("Import {accepted} people")}
                        </button>
                    }
                })}
            <div class="table-wrap">
                <table class="data-table">
                    <thead>
                        <tr>
                            <th scope="col">"Line"</th>
                            <th scope="col">"Email"</th>
                            <th scope="col">"Result"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// Loads a chosen file into the text area (browser only; pasting works everywhere).
#[component]
fn CsvFilePicker(csv: RwSignal<String>) -> impl IntoView {
    let on_change = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let file = ev
                .target()
                .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
                .and_then(|input| input.files())
                .and_then(|files| files.get(0));
            if let Some(file) = file {
                leptos::task::spawn_local(async move {
                    if let Ok(text) = wasm_bindgen_futures::JsFuture::from(file.text()).await {
                        csv.set(text.as_string().unwrap_or_default());
                    }
                });
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, csv);
    };
    view! {
        <label class="file-pick">
            "Choose a CSV file " <input type="file" accept=".csv,text/csv" on:change=on_change />
        </label>
    }
}
