//! A role's name that follows the interface's language when it changes.

use leptos::prelude::*;

use crate::{i18n::use_i18n, model::Role};

#[component]
pub fn RoleName(role: Role) -> impl IntoView {
    let i18n = use_i18n();
    move || role.name(i18n.get_locale())
}
