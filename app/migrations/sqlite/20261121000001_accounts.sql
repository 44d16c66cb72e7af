-- People, sessions and one-time password links. Instants are UTC milliseconds since the epoch.
create table person (
    person_id integer primary key,
    email text not null unique,
    display_name text not null,
    role text not null check (role in ('admin', 'leader', 'moderator', 'member')),
    department text not null default '',
    region text not null default '',
    manager_id integer references person (person_id) on delete set null,
    password_hash text,
    deactivated_at bigint,
    created_at bigint not null,
    updated_at bigint not null
);
create index person_manager on person (manager_id);

-- The cookie holds a random token; only its SHA-256 is stored, so a copy of the database
-- cannot be used to take over sessions.
create table session (
    session_hash text primary key,
    person_id integer not null references person (person_id) on delete cascade,
    created_at bigint not null,
    expires_at bigint not null
);
create index session_person on session (person_id);

create table password_link (
    token_hash text primary key,
    person_id integer not null references person (person_id) on delete cascade,
    created_at bigint not null,
    expires_at bigint not null,
    used_at bigint
);
create index password_link_person on password_link (person_id);
