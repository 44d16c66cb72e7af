//! Wraps a page that needs a signed-in person: anonymous visitors are sent to sign in and
//! brought back afterwards.

use leptos::prelude::*;
use leptos_router::{components::Redirect, hooks::use_location};

use super::{error_notice::ErrorNotice, session::use_session};
use crate::{
    i18n::{t, use_i18n},
    model::Viewer,
};

#[component]
pub fn RequireSignIn<F, V>(page: F) -> impl IntoView
where
    F: Fn(Viewer) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let session = use_session();
    let location = use_location();
    let i18n = use_i18n();
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, common.loading)}</p> }>
            {move || {
                let page = page.clone();
                let here = location.pathname.get_untracked();
                Suspend::new(async move {
                    match session.viewer.await {
                        Ok(Some(viewer)) => page(viewer).into_any(),
                        Ok(None) => {
                            view! { <Redirect path=sign_in_path(&here) /> }.into_any()
                        }
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

fn sign_in_path(return_to: &str) -> String {
    if return_to == "/" {
        "/sign-in".to_owned()
    } else {
        format!("/sign-in?next={}", encode_query_value(return_to))
    }
}

/// Percent-encodes what would break a query value; paths are otherwise left readable.
fn encode_query_value(value: &str) -> String {
    value
        .chars()
        .map(|c| match c {
            '%' => "%25".to_owned(),
            '&' => "%26".to_owned(),
            '#' => "%23".to_owned(),
            '?' => "%3F".to_owned(),
            '+' => "%2B".to_owned(),
            ' ' => "%20".to_owned(),
            c => c.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sign_in_link_remembers_where_to_return() {
        assert_eq!(sign_in_path("/"), "/sign-in");
        assert_eq!(sign_in_path("/admin/people"), "/sign-in?next=/admin/people");
        assert_eq!(sign_in_path("/a b&c"), "/sign-in?next=/a%20b%26c");
    }
}
