//! A role as people read it, in the interface's language.

use leptos::prelude::*;

use crate::{
    i18n::{td_string, use_i18n, Locale},
    model::Role,
};

/// "Admin", "Líder", "Moderator"…: for messages written outside a view too.
pub fn role_name(locale: Locale, role: Role) -> &'static str {
    match role {
        Role::Admin => td_string!(locale, common.role_admin),
        Role::Leader => td_string!(locale, common.role_leader),
        Role::Moderator => td_string!(locale, common.role_moderator),
        Role::Member => td_string!(locale, common.role_member),
    }
}

/// The role's name, following the language when it changes.
#[component]
pub fn RoleName(role: Role) -> impl IntoView {
    let i18n = use_i18n();
    move || role_name(i18n.get_locale(), role)
}
