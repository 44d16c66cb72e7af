use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::{components::require_sign_in::RequireSignIn, model::Viewer};

/// The landing page after sign-in.
#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text="Home \u{b7} Chorus" />
        <RequireSignIn page=|viewer: Viewer| view! { <Home viewer /> } />
    }
}

#[component]
fn Home(viewer: Viewer) -> impl IntoView {
    let first_name = viewer
        .display_name
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned();
    view! {
        <h1>"Welcome, " {first_name}</h1>
        <section class="panel empty-state" aria-labelledby="challenges-heading">
            <h2 id="challenges-heading">"Challenges"</h2>
            <p>
                "There are no open challenges yet. When leadership asks a question, it appears \
                 here with the time left to take part."
            </p>
        </section>
        {viewer
            .role
            .can_manage_people()
            .then(|| {
                view! {
                    <section class="panel" aria-labelledby="admin-heading">
                        <h2 id="admin-heading">"Running this instance"</h2>
                        <ul class="link-list">
                            <li>
                                <A href="/admin/people">"Add and edit people, roles and password links"</A>
                            </li>
                            <li>
                                <A href="/admin/people/import">"Import people from an HR export (CSV)"</A>
                            </li>
                        </ul>
                    </section>
                }
            })}
    }
}
