//! Who is signed in, shared by the header and every page through context.

use leptos::prelude::*;

use crate::{
    api::{
        accounts::{current_viewer, SignOut},
        notifications::unread_notifications,
    },
    error::AppError,
    model::Viewer,
};

#[derive(Clone, Copy)]
pub struct Session {
    /// The signed-in person; reloads whenever [`Session::changed`] is called or anyone signs out.
    pub viewer: Resource<Result<Option<Viewer>, AppError>>,
    pub sign_out: ServerAction<SignOut>,
    /// Unread notifications of the signed-in person, for the badge in the header.
    pub unread: Resource<Result<i64, AppError>>,
    generation: RwSignal<u32>,
    notifications: RwSignal<u32>,
}

impl Session {
    pub fn provide() {
        let generation = RwSignal::new(0);
        let sign_out = ServerAction::<SignOut>::new();
        let viewer = Resource::new(
            move || (generation.get(), sign_out.version().get()),
            |_| current_viewer(),
        );
        let notifications = RwSignal::new(0);
        let unread = Resource::new(
            move || {
                (
                    generation.get(),
                    sign_out.version().get(),
                    notifications.get(),
                )
            },
            |_| unread_notifications(),
        );
        provide_context(Session {
            viewer,
            sign_out,
            unread,
            generation,
            notifications,
        });
    }

    /// Call after anything that signs someone in or changes who they are.
    pub fn changed(&self) {
        self.generation.update(|n| *n += 1);
    }

    /// Call after notifications were read, so the badge is fetched again.
    pub fn notifications_changed(&self) {
        self.notifications.update(|n| *n += 1);
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
