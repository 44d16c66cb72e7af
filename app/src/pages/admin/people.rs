//! Admins: everyone in the organisation, with their role, team and sign-in status.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::{
    api::people::{list_people, IssuePasswordLink, SavePerson},
    components::{
        error_notice::{ErrorNotice, FormError},
        require_sign_in::RequireSignIn,
    },
    model::{Person, PersonInput, Role, Viewer},
};

/// The actions and the list are created here, once per page, outside `RequireSignIn`'s
/// suspense (see `HomePage`).
#[component]
pub fn PeoplePage() -> impl IntoView {
    let save = ServerAction::<SavePerson>::new();
    let link = ServerAction::<IssuePasswordLink>::new();
    let people = Resource::new(move || save.version().get(), |_| list_people());
    view! {
        <Title text="People \u{b7} Chorus" />
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

    view! {
        <div class="page-head">
            <h1>"People"</h1>
            <div class="actions">
                <A href="/admin/people/import" attr:class="button button-quiet">
                    "Import from CSV"
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
                    "Add person"
                </button>
            </div>
        </div>
        {move || editing.get().map(|person| view! { <PersonForm person save editing /> })}
        <PasswordLinkNotice link />
        <Suspense fallback=|| view! { <p class="loading">"Loading people\u{2026}"</p> }>
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
    view! {
        <label class="filter">
            "Filter "
            <input
                type="search"
                placeholder="Name, email, department or region"
                prop:value=move || filter.get()
                on:input=move |ev| filter.set(event_target_value(&ev))
            />
        </label>
        <p class="hint" role="status">
            {move || format!("{} of {total} people", visible().len())}
        </p>
        <div class="table-wrap">
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Email"</th>
                        <th scope="col">"Role"</th>
                        <th scope="col">"Department"</th>
                        <th scope="col">"Region"</th>
                        <th scope="col">"Manager"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">
                            <span class="visually-hidden">"Actions"</span>
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
    let status = match (person.active, person.has_password) {
        (false, _) => "Deactivated",
        (true, false) => "No password yet",
        (true, true) => "Active",
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
    let name = person.display_name.clone();
    view! {
        <tr class:inactive=!person.active>
            <td>{person.display_name}</td>
            <td>{person.email}</td>
            <td>{person.role.label()}</td>
            <td>{person.department}</td>
            <td>{person.region}</td>
            <td>{person.manager_email}</td>
            <td>{status}</td>
            <td class="row-actions">
                <button
                    type="button"
                    class="button-quiet"
                    aria-label=format!("Edit {name}")
                    on:click=move |_| editing.set(Some(input.clone()))
                >
                    "Edit"
                </button>
                <button
                    type="button"
                    class="button-quiet"
                    aria-label=format!("Password link for {name}")
                    on:click=move |_| {
                        link.dispatch(IssuePasswordLink { person_id });
                    }
                >
                    "Password link"
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
    let heading = if person.person_id.is_some() {
        format!("Edit {}", person.display_name)
    } else {
        "Add a person".to_owned()
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
                    "Name"
                    <input name="person[display_name]" required value=person.display_name autofocus />
                </label>
                <label>
                    "Email" <input type="email" name="person[email]" required value=person.email />
                </label>
                <label>
                    "Role"
                    <select name="person[role]">
                        {Role::ALL
                            .into_iter()
                            .map(|r| {
                                view! {
                                    <option value=r.as_str() selected=r.as_str() == role>
                                        {r.label()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label>"Department" <input name="person[department]" value=person.department /></label>
                <label>"Region" <input name="person[region]" value=person.region /></label>
                <label>
                    "Manager's email"
                    <input type="email" name="person[manager_email]" value=person.manager_email />
                </label>
                <label>
                    "Status"
                    <select name="person[active]">
                        <option value="true" selected=person.active>
                            "Active"
                        </option>
                        <option value="false" selected=!person.active>
                            "Deactivated (cannot sign in)"
                        </option>
                    </select>
                </label>
                <div class="form-actions">
                    <FormError error />
                    <button type="submit" class="button" disabled=move || save.pending().get()>
                        "Save"
                    </button>
                    <button type="button" class="button-quiet" on:click=move |_| editing.set(None)>
                        "Cancel"
                    </button>
                </div>
            </ActionForm>
        </section>
    }
}

/// The link an admin hands on (by chat or mail) so the person can choose a password.
#[component]
fn PasswordLinkNotice(link: ServerAction<IssuePasswordLink>) -> impl IntoView {
    move || {
        link.value().get().map(|result| match result {
            Ok(issued) => view! {
                <div class="notice notice-ok" role="status">
                    <p>
                        {format!(
                            "Send this link to {}. It works once, for {} days:",
                            issued.email,
                            issued.expires_in_days,
                        )}
                    </p>
                    <input class="link-output" readonly value=issued.url aria-label="Password link" />
                </div>
            }
            .into_any(),
            Err(error) => view! { <ErrorNotice error /> }.into_any(),
        })
    }
}
