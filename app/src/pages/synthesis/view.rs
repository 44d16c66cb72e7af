//! The synthesis page: the infographic as drawn by the server (the same SVG as the downloads),
//! the viewer's part in it, and print and download controls. Printing shows the drawing alone,
//! on one landscape page of the chosen paper.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

use crate::{
    api::synthesis::synthesis,
    components::{error_notice::ErrorNotice, require_sign_in::RequireSignIn, time::LocalTime},
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
    let page_view = move |_viewer: Viewer| {
        view! {
            <Transition fallback=|| view! { <p class="loading">"Drawing the synthesis\u{2026}"</p> }>
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
    view! {
        <Title text=format!("Synthesis: {} \u{b7} Chorus", view.infographic.title) />
        <style>{page_rule}</style>
        <div class="no-print">
            <p class="eyebrow">
                <A href=format!("/challenges/{challenge_id}")>"\u{2190} " {view.infographic.title.clone()}</A>
            </p>
            <h1>"Synthesis"</h1>
            {preview
                .then(|| {
                    view! {
                        <p class="notice notice-warning" role="status">
                            "Preview of the draft: members see only what was last published."
                        </p>
                    }
                })}
            {view.your_part.clone().map(|part| view! { <p class="your-part">{part}</p> })}
            <div class="synthesis-toolbar">
                <button type="button" class="button" on:click=move |_| print_page()>
                    "Print"
                </button>
                <A href=format!("?paper={}{}", paper_name(other_paper), if preview { "&preview=true" } else { "" }) attr:class="button-quiet">
                    {format!("Lay out for {}", paper_name(other_paper).to_uppercase())}
                </A>
                <a class="button-quiet" href=format!("{files}/infographic.pdf{options}") download>"PDF"</a>
                <a class="button-quiet" href=format!("{files}/infographic.png{options}") download>"PNG"</a>
                <a class="button-quiet" href=format!("{files}/infographic.svg{options}") download>"SVG"</a>
                {view
                    .can_compose
                    .then(|| {
                        view! {
                            <a class="button-quiet" href=format!("{files}/export.csv{options}") download>"Export CSV"</a>
                            <a class="button-quiet" href=format!("{files}/export.json{options}") download>"Export JSON"</a>
                            <A href=format!("/challenges/{challenge_id}/synthesis/compose") attr:class="button-quiet">
                                "Compose"
                            </A>
                        }
                    })}
            </div>
            {view
                .published_at
                .map(|at| view! { <p class="meta">"Published " <LocalTime at /></p> })}
        </div>
        <figure class="infographic" aria-label="The synthesis infographic" inner_html=view.svg></figure>
        <section class="panel no-print" aria-labelledby="summary-heading">
            <h2 id="summary-heading">"Summary"</h2>
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
