-- Notifications where people already read: email (each as it happens, or a daily digest) and
-- team-chat webhooks per challenge, with their delivery queue. Instants are UTC milliseconds.

-- Email preferences: how often, and which kinds of notification are not mailed (a comma list
-- of notification kinds). The token makes the one-click unsubscribe link.
alter table person add column email_frequency text not null default 'immediate'
    check (email_frequency in ('immediate', 'daily', 'never'));
alter table person add column email_muted_kinds text not null default '';
alter table person add column unsubscribe_token text;
alter table person add column digest_sent_at integer;
create unique index person_unsubscribe_token on person (unsubscribe_token);

-- Invitations join the kinds of notification, and each notification is mailed once (or
-- skipped by the person's preferences); what existed before email counts as handled. SQLite
-- cannot change a check constraint in place, so the table is rebuilt.
create table notification_new (
    notification_id integer primary key,
    person_id integer not null references person (person_id) on delete cascade,
    kind text not null check (kind in ('invitation', 'comment', 'official_response',
        'closing_soon', 'synthesis_published', 'merged', 'hidden')),
    challenge_id integer not null references challenge (challenge_id) on delete cascade,
    idea_id integer references idea (idea_id) on delete cascade,
    actor_id integer references person (person_id),
    created_at bigint not null,
    read_at bigint,
    emailed_at bigint
);
insert into notification_new
    select notification_id, person_id, kind, challenge_id, idea_id, actor_id, created_at,
    read_at, created_at from notification;
drop table notification;
alter table notification_new rename to notification;
create index notification_person on notification (person_id, created_at);
create index notification_unemailed on notification (person_id) where emailed_at is null;

-- The audience is invited once, when the challenge opens; challenges already open count as
-- done.
alter table challenge add column opened_notified_at integer;
update challenge set opened_notified_at = opens_at where opens_at <= unixepoch() * 1000;

-- An incoming-webhook address of a team chat (Slack or Microsoft Teams) for one challenge.
create table webhook (
    webhook_id integer primary key,
    challenge_id integer not null references challenge (challenge_id) on delete cascade,
    url text not null,
    format text not null check (format in ('slack', 'teams')),
    created_by integer not null references person (person_id),
    created_at integer not null
);
create index webhook_challenge on webhook (challenge_id);

-- One message to one webhook. `next_attempt_at` is set while it is waiting (first try or a
-- retry after a failure) and cleared once it was delivered or given up.
create table webhook_delivery (
    delivery_id integer primary key,
    webhook_id integer not null references webhook (webhook_id) on delete cascade,
    event text not null,
    payload text not null,
    created_at integer not null,
    attempts integer not null default 0,
    next_attempt_at integer,
    delivered_at integer,
    last_error text
);
create index webhook_delivery_due on webhook_delivery (next_attempt_at)
    where next_attempt_at is not null;
