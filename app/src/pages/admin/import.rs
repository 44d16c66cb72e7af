//! Admins: import people from an HR export, check first, then apply in one go.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::{
    api::people::ImportPeople,
    components::{error_notice::FormError, require_sign_in::RequireSignIn},
    i18n::{t, t_string, use_i18n},
    model::{ImportOutcome, ImportReport, Viewer},
};

const EXAMPLE: &str = "name,email,department,region,manager email\n\
                       Ada Lovelace,ada@example.org,Engineering,EMEA,grace@example.org\n\
                       Grace Hopper,grace@example.org,Engineering,Americas,";

#[component]
pub fn ImportPeoplePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, admin.import_title) />
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
    let i18n = use_i18n();

    view! {
        <div class="page-head">
            <h1>{t!(i18n, admin.import_heading)}</h1>
            <A href="/admin/people" attr:class="button button-quiet">
                {t!(i18n, admin.back_to_people)}
            </A>
        </div>
        <section class="panel">
            <p>
                {t!(
                    i18n,
                    admin.import_intro,
                    <code> = |children: ChildrenFn| view! { <code>{children()}</code> }
                )}
            </p>
            <CsvFilePicker csv />
            <label class="stack-form">
                {t!(i18n, admin.csv)}
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
                    {move || {
                        if import.pending().get() {
                            t_string!(i18n, admin.checking)
                        } else {
                            t_string!(i18n, admin.check_file)
                        }
                    }}
                </button>
            </div>
        </section>
        {move || report().map(|report| view! { <ImportResult report run=Callback::new(run) /> })}
    }
}

#[component]
fn ImportResult(report: ImportReport, run: Callback<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let accepted = report.accepted();
    let rejected = report.rejected();
    let applied = report.applied;
    let total = report.rows.len();
    let summary = move || {
        if applied {
            t_string!(i18n, admin.imported_people, count = accepted).to_string()
        } else {
            t_string!(
                i18n,
                admin.rows_importable,
                accepted,
                count = total,
                rejected
            )
            .to_string()
        }
    };
    let can_apply = !report.applied && accepted > 0;
    let rows = report
        .rows
        .into_iter()
        .map(|row| {
            let class = match row.outcome {
                ImportOutcome::Create | ImportOutcome::Update => "ok",
                ImportOutcome::Rejected(_) => "rejected",
            };
            let outcome = row.outcome;
            let text = move || match &outcome {
                ImportOutcome::Create => t_string!(i18n, admin.outcome_new).to_owned(),
                ImportOutcome::Update => t_string!(i18n, admin.outcome_update).to_owned(),
                ImportOutcome::Rejected(reason) => {
                    t_string!(i18n, admin.outcome_rejected, reason = reason.clone()).to_string()
                }
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
            <h2 id="report-heading">
                {move || {
                    if applied {
                        t_string!(i18n, admin.report_done)
                    } else {
                        t_string!(i18n, admin.report_check)
                    }
                }}
            </h2>
            <p role="status" class=if report.applied { "notice notice-ok" } else { "" }>
                {summary}
            </p>
            {can_apply
                .then(|| {
                    view! {
                        <p class="hint">
                            {move || {
                                if rejected > 0 {
                                    t_string!(i18n, admin.rejected_rows_hint)
                                } else {
                                    t_string!(i18n, admin.every_row_fine)
                                }
                            }}
                        </p>
                        <button type="button" class="button" on:click=move |_| run.run(true)>
                            {t!(i18n, admin.import_count, count = move || accepted)}
                        </button>
                    }
                })}
            <div class="table-wrap">
                <table class="data-table">
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, admin.line)}</th>
                            <th scope="col">{t!(i18n, admin.email)}</th>
                            <th scope="col">{t!(i18n, admin.result)}</th>
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
    let i18n = use_i18n();
    view! {
        <label class="file-pick">
            {t!(i18n, admin.choose_csv_file)} <input type="file" accept=".csv,text/csv" on:change=on_change />
        </label>
    }
}
