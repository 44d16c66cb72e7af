//! Participation analytics: the figures page and the people lists.

pub mod charts;
pub mod people;
pub mod report;

use leptos::prelude::*;

use crate::model::ScopeChoice;

/// The choice between the whole organisation and one challenge, named `challenge` in the form.
#[component]
fn ScopeSelect(challenges: Vec<ScopeChoice>, selected: Option<i64>) -> impl IntoView {
    // Before the choices have loaded (or when loading failed), keep the one asked for.
    let unlisted = selected.filter(|id| !challenges.iter().any(|c| c.challenge_id == *id));
    view! {
        <label>
            "Scope "
            <select name="challenge">
                <option value="" selected=selected.is_none()>
                    "The whole organisation"
                </option>
                {unlisted
                    .map(|id| {
                        view! {
                            <option value=id.to_string() selected=true>
                                "This challenge"
                            </option>
                        }
                    })}
                {challenges
                    .into_iter()
                    .map(|choice| {
                        view! {
                            <option
                                value=choice.challenge_id.to_string()
                                selected=selected == Some(choice.challenge_id)
                            >
                                {choice.title}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}
