//! The synthesis page: the infographic as drawn by the server (the same SVG as the downloads),
//! the viewer's part in it, and print and download controls. Printing shows the drawing alone,
//! on one landscape page of the chosen paper.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

use crate::{
    api::synthesis::synthesis,
    components::{error_notice::ErrorNotice, require_sign_in::RequireSignIn, time::LocalTime},
    i18n::{t, t_string, use_i18n},
    model::{Paper, SynthesisView, Viewer},
    pages::challenges::challenge::challenge_id_param,
};

#[component]
pub fn SynthesisPage() -> impl IntoView {
    let challenge_id = challenge_id_param();
    let query = use_query_map();
    let preview = Memo::new(move |_| {
        query
            .read()
            .get("preview")
            .is_some_and(|value| value == "true")
    });
    let paper = Memo::new(move |_| match query.read().get("paper").as_deref() {
        Some("a3") => Paper::A3,
        _ => Paper::A4,
    });
    let data = Resource::new(
        move || (challenge_id.get(), preview.get(), paper.get()),
        |(challenge_id, preview, paper)| synthesis(challenge_id, preview, paper),
    );
    let i18n = use_i18n();
    let page_view = move |_viewer: Viewer| {
        view! {
            <Transition fallback=move || {
                view! { <p class="loading">{t!(i18n, synthesis.drawing_synthesis)}</p> }
            }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(view) => view! { <Synthesis view paper=paper.get_untracked() /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        }
    };
    view! { <RequireSignIn page=page_view /> }
}

#[component]
fn Synthesis(view: SynthesisView, paper: Paper) -> impl IntoView {
    let challenge_id = view.infographic.challenge_id;
    let preview = view.preview;
    let files = format!("/api/challenges/{challenge_id}/synthesis");
    let options = format!(
        "?paper={}{}",
        paper_name(paper),
        if preview { "&preview=true" } else { "" }
    );
    let other_paper = match paper {
        Paper::A4 => Paper::A3,
        Paper::A3 => Paper::A4,
    };
    let (width, height) = paper.size_mm();
    // Printing: one landscape page of the chosen paper, nothing but the drawing.
    let page_rule = format!(
        "@page {{ size: {} landscape; margin: 0; }} @media print {{ .infographic svg {{ width: {width}mm; height: {height}mm; }} }}",
        paper_name(paper).to_uppercase()
    );
    let i18n = use_i18n();
    let title = view.infographic.title.clone();
    let other_paper_name = paper_name(other_paper).to_uppercase();
    view! {
        <Title text=move || {
            t_string!(i18n, synthesis.synthesis_title, title = title.clone()).to_string()
        } />
        <style>{page_rule}</style>
        <div class="no-print">
            <p class="eyebrow">
                <A href=format!("/challenges/{challenge_id}")>"\u{2190} " {view.infographic.title.clone()}</A>
            </p>
            <h1>{t!(i18n, synthesis.synthesis_heading)}</h1>
            {preview
                .then(|| {
                    view! {
                        <p class="notice notice-warning" role="status">
                            {t!(i18n, synthesis.preview_notice)}
                        </p>
                    }
                })}
            {view.your_part.clone().map(|part| view! { <p class="your-part">{part}</p> })}
            <div class="synthesis-toolbar">
                <button type="button" class="button" on:click=move |_| print_page()>
                    {t!(i18n, synthesis.print)}
                </button>
                <A href=format!("?paper={}{}", paper_name(other_paper), if preview { "&preview=true" } else { "" }) attr:class="button-quiet">
                    {move || {
                        t_string!(i18n, synthesis.lay_out_for, paper = other_paper_name.clone())
                            .to_string()
                    }}
                </A>
                <a class="button-quiet" href=format!("{files}/infographic.pdf{options}") download>"PDF"</a>
                <a class="button-quiet" href=format!("{files}/infographic.png{options}") download>"PNG"</a>
                <a class="button-quiet" href=format!("{files}/infographic.svg{options}") download>"SVG"</a>
                {view
                    .can_compose
                    .then(|| {
                        view! {
                            <a class="button-quiet" href=format!("{files}/export.csv{options}") download>{t!(i18n, synthesis.export_csv)}</a>
                            <a class="button-quiet" href=format!("{files}/export.json{options}") download>{t!(i18n, synthesis.export_json)}</a>
                            <A href=format!("/challenges/{challenge_id}/synthesis/compose") attr:class="button-quiet">
                                {t!(i18n, synthesis.compose)}
                            </A>
                        }
                    })}
            </div>
            {view
                .published_at
                .map(|at| view! { <p class="meta">{t!(i18n, synthesis.published_at)} <LocalTime at /></p> })}
        </div>
        <figure class="infographic" aria-label=move || t_string!(i18n, synthesis.infographic_label) inner_html=view.svg></figure>
        <section class="panel no-print" aria-labelledby="summary-heading">
            <h2 id="summary-heading">{t!(i18n, synthesis.summary_heading)}</h2>
            <div class="markdown" inner_html=view.summary_html></div>
        </section>
    }
}

fn paper_name(paper: Paper) -> &'static str {
    match paper {
        Paper::A4 => "a4",
        Paper::A3 => "a3",
    }
}

fn print_page() {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}
