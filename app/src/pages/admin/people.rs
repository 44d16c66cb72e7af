//! Admins: everyone in the organisation, with their role, team and sign-in status.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::{
    api::people::{list_people, IssuePasswordLink, SavePerson},
    components::{
        error_notice::{ErrorNotice, FormError},
        require_sign_in::RequireSignIn,
        role_name::RoleName,
    },
    i18n::{t, t_string, use_i18n},
    locale::format_integer,
    model::{Person, PersonInput, Role, Viewer},
};

/// The actions and the list are created here, once per page, outside `RequireSignIn`'s
/// suspense (see `HomePage`).
#[component]
pub fn PeoplePage() -> impl IntoView {
    let save = ServerAction::<SavePerson>::new();
    let link = ServerAction::<IssuePasswordLink>::new();
    let people = Resource::new(move || save.version().get(), |_| list_people());
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, admin.people_title) />
        <RequireSignIn page=move |_viewer: Viewer| view! { <People save link people /> } />
    }
}

#[component]
fn People(
    save: ServerAction<SavePerson>,
    link: ServerAction<IssuePasswordLink>,
    people: Resource<Result<Vec<Person>, crate::error::AppError>>,
) -> impl IntoView {
    let editing = RwSignal::new(None::<PersonInput>);
    let filter = RwSignal::new(String::new());

    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(_))) {
            editing.set(None);
        }
    });
    let i18n = use_i18n();

    view! {
        <div class="page-head">
            <h1>{t!(i18n, admin.people_heading)}</h1>
            <div class="actions">
                <A href="/admin/people/import" attr:class="button button-quiet">
                    {t!(i18n, admin.import_from_csv)}
                </A>
                <button
                    type="button"
                    class="button"
                    on:click=move |_| {
                        editing
                            .set(
                                Some(PersonInput {
                                    role: Role::Member.as_str().into(),
                                    active: true,
                                    ..PersonInput::default()
                                }),
                            )
                    }
                >
                    {t!(i18n, admin.add_person)}
                </button>
            </div>
        </div>
        {move || editing.get().map(|person| view! { <PersonForm person save editing /> })}
        <PasswordLinkNotice link />
        <Suspense fallback=move || {
            view! { <p class="loading">{t!(i18n, admin.loading_people)}</p> }
        }>
            {move || Suspend::new(async move {
                match people.await {
                    Ok(people) => view! { <PeopleTable people filter editing link /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PeopleTable(
    people: Vec<Person>,
    filter: RwSignal<String>,
    editing: RwSignal<Option<PersonInput>>,
    link: ServerAction<IssuePasswordLink>,
) -> impl IntoView {
    let total = people.len();
    let people = StoredValue::new(people);
    let visible = move || {
        let needle = filter.get().to_lowercase();
        people.with_value(|people| {
            people
                .iter()
                .filter(|p| {
                    needle.is_empty()
                        || [&p.display_name, &p.email, &p.department, &p.region]
                            .iter()
                            .any(|field| field.to_lowercase().contains(&needle))
                })
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let i18n = use_i18n();
    let shown = move || {
        let locale = i18n.get_locale();
        t_string!(
            i18n,
            admin.people_shown,
            shown = format_integer(locale, visible().len() as i64),
            total = format_integer(locale, total as i64)
        )
        .to_string()
    };
    view! {
        <label class="filter">
            {t!(i18n, admin.filter)}
            <input
                type="search"
                placeholder=move || t_string!(i18n, admin.filter_placeholder)
                prop:value=move || filter.get()
                on:input=move |ev| filter.set(event_target_value(&ev))
            />
        </label>
        <p class="hint" role="status">
            {shown}
        </p>
        <div class="table-wrap">
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, admin.name)}</th>
                        <th scope="col">{t!(i18n, admin.email)}</th>
                        <th scope="col">{t!(i18n, admin.role)}</th>
                        <th scope="col">{t!(i18n, admin.department)}</th>
                        <th scope="col">{t!(i18n, admin.region)}</th>
                        <th scope="col">{t!(i18n, admin.manager)}</th>
                        <th scope="col">{t!(i18n, admin.status)}</th>
                        <th scope="col">
                            <span class="visually-hidden">{t!(i18n, admin.actions)}</span>
                        </th>
                    </tr>
                </thead>
                <tbody>
                    <For each=visible key=|p| p.person_id let:person>
                        <PersonRow person editing link />
                    </For>
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn PersonRow(
    person: Person,
    editing: RwSignal<Option<PersonInput>>,
    link: ServerAction<IssuePasswordLink>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (active, has_password) = (person.active, person.has_password);
    let status = move || match (active, has_password) {
        (false, _) => t_string!(i18n, admin.status_deactivated),
        (true, false) => t_string!(i18n, admin.status_no_password),
        (true, true) => t_string!(i18n, admin.status_active),
    };
    let input = PersonInput {
        person_id: Some(person.person_id),
        display_name: person.display_name.clone(),
        email: person.email.clone(),
        role: person.role.as_str().into(),
        department: person.department.clone(),
        region: person.region.clone(),
        manager_email: person.manager_email.clone().unwrap_or_default(),
        active: person.active,
    };
    let person_id = person.person_id;
    let edit_label = {
        let name = person.display_name.clone();
        move || t_string!(i18n, admin.edit_person, name = name.clone()).to_string()
    };
    let link_label = {
        let name = person.display_name.clone();
        move || t_string!(i18n, admin.password_link_for, name = name.clone()).to_string()
    };
    view! {
        <tr class:inactive=!person.active>
            <td>{person.display_name}</td>
            <td>{person.email}</td>
            <td>
                <RoleName role=person.role />
            </td>
            <td>{person.department}</td>
            <td>{person.region}</td>
            <td>{person.manager_email}</td>
            <td>{status}</td>
            <td class="row-actions">
                <button
                    type="button"
                    class="button-quiet"
                    aria-label=edit_label
                    on:click=move |_| editing.set(Some(input.clone()))
                >
                    {t!(i18n, admin.edit)}
                </button>
                <button
                    type="button"
                    class="button-quiet"
                    aria-label=link_label
                    on:click=move |_| {
                        link.dispatch(IssuePasswordLink { person_id });
                    }
                >
                    {t!(i18n, admin.password_link)}
                </button>
            </td>
        </tr>
    }
}

/// Create or edit one person. A plain form posting to the server function, so the browser's
/// own validation and autofill work.
#[component]
fn PersonForm(
    person: PersonInput,
    save: ServerAction<SavePerson>,
    editing: RwSignal<Option<PersonInput>>,
) -> impl IntoView {
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let i18n = use_i18n();
    let heading = {
        let existing = person.person_id.is_some();
        let name = person.display_name.clone();
        move || {
            if existing {
                t_string!(i18n, admin.edit_person, name = name.clone()).to_string()
            } else {
                t_string!(i18n, admin.add_a_person).to_owned()
            }
        }
    };
    let role = person.role.clone();
    view! {
        <section class="panel" aria-labelledby="person-form-heading">
            <h2 id="person-form-heading">{heading}</h2>
            <ActionForm action=save attr:class="grid-form">
                {person
                    .person_id
                    .map(|id| view! { <input type="hidden" name="person[person_id]" value=id /> })}
                <label>
                    {t!(i18n, admin.name)}
                    <input name="person[display_name]" required value=person.display_name autofocus />
                </label>
                <label>
                    {t!(i18n, admin.email)} <input type="email" name="person[email]" required value=person.email />
                </label>
                <label>
                    {t!(i18n, admin.role)}
                    <select name="person[role]">
                        {Role::ALL
                            .into_iter()
                            .map(|r| {
                                view! {
                                    <option value=r.as_str() selected=r.as_str() == role>
                                        {move || r.name(i18n.get_locale())}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label>{t!(i18n, admin.department)} <input name="person[department]" value=person.department /></label>
                <label>{t!(i18n, admin.region)} <input name="person[region]" value=person.region /></label>
                <label>
                    {t!(i18n, admin.managers_email)}
                    <input type="email" name="person[manager_email]" value=person.manager_email />
                </label>
                <label>
                    {t!(i18n, admin.status)}
                    <select name="person[active]">
                        <option value="true" selected=person.active>
                            {t!(i18n, admin.status_active)}
                        </option>
                        <option value="false" selected=!person.active>
                            {t!(i18n, admin.deactivated_cannot_sign_in)}
                        </option>
                    </select>
                </label>
                <div class="form-actions">
                    <FormError error />
                    <button type="submit" class="button" disabled=move || save.pending().get()>
                        {t!(i18n, admin.save)}
                    </button>
                    <button type="button" class="button-quiet" on:click=move |_| editing.set(None)>
                        {t!(i18n, admin.cancel)}
                    </button>
                </div>
            </ActionForm>
        </section>
    }
}

/// The link an admin hands on (by chat or mail) so the person can choose a password.
#[component]
fn PasswordLinkNotice(link: ServerAction<IssuePasswordLink>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        link.value().get().map(|result| match result {
            Ok(issued) => {
                let email = issued.email;
                let days = i64::from(issued.expires_in_days);
                view! {
                    <div class="notice notice-ok" role="status">
                        <p>
                            {t!(
                                i18n,
                                admin.send_link,
                                email = move || email.clone(),
                                count = move || days
                            )}
                        </p>
                        <input
                            class="link-output"
                            readonly
                            value=issued.url
                            aria-label=move || t_string!(i18n, admin.password_link)
                        />
                    </div>
                }
                .into_any()
            }
            Err(error) => view! { <ErrorNotice error /> }.into_any(),
        })
    }
}
