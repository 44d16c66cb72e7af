//! A section that waits for its data: "Loading…" first, then the content, or what went wrong.

use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};

use super::error_notice::FormError;
use crate::{
    error::AppError,
    i18n::{t, use_i18n},
};

/// Shows `content` with the resource's value once it is there, or its error as a form error.
#[component]
pub fn Loaded<T, V, F>(resource: Resource<Result<T, AppError>>, content: F) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, common.loading)}</p> }>
            {move || {
                let content = content.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(value) => content(value).into_any(),
                        Err(error) => {
                            view! { <FormError error=Signal::derive(move || Some(error.clone())) /> }
                                .into_any()
                        }
                    }
                })
            }}
        </Suspense>
    }
}
