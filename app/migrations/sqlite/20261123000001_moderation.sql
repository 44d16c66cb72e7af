-- Moderation: per-challenge moderators, themes, merges, reports, hidden content and an audit
-- log that also drives undo. Instants are UTC milliseconds.

-- Who moderates which challenge, assigned by a leader or admin.
create table challenge_moderator (
    challenge_id integer not null references challenge (challenge_id) on delete cascade,
    person_id integer not null references person (person_id),
    assigned_by integer not null references person (person_id),
    assigned_at bigint not null,
    primary key (challenge_id, person_id)
);

-- A theme groups ideas; `position` orders the board's columns. Members see a theme only once
-- it is published with the synthesis.
create table theme (
    theme_id integer primary key,
    challenge_id integer not null references challenge (challenge_id) on delete cascade,
    name text not null,
    summary text not null default '',
    colour text not null,
    position integer not null,
    created_by integer not null references person (person_id),
    created_at bigint not null,
    deleted_at bigint
);
create index theme_challenge on theme (challenge_id, position);

-- Sorting, merging and hiding ideas.
alter table idea add column theme_id integer references theme (theme_id);
alter table idea add column merged_into_id integer references idea (idea_id);
alter table idea add column hidden_at bigint;
alter table idea add column hidden_by integer references person (person_id);
alter table idea add column hidden_reason text;
create index idea_theme on idea (theme_id);

alter table comment add column hidden_at bigint;
alter table comment add column hidden_by integer references person (person_id);
alter table comment add column hidden_reason text;
-- Comments a merge moved here, so undoing it can move them back.
alter table comment add column moved_from_idea_id integer references idea (idea_id);

-- Authors of ideas merged into this one, shown beside its own author; `from_idea_id` is the
-- merged idea, so undoing that merge removes exactly its authors.
create table idea_contributor (
    idea_id integer not null references idea (idea_id) on delete cascade,
    person_id integer not null references person (person_id),
    from_idea_id integer not null references idea (idea_id) on delete cascade,
    primary key (idea_id, person_id, from_idea_id)
);

-- Every moderation action: who, what, when. `details` is JSON written and read by the server
-- only (what changed, enough to undo it). `undone_at` marks actions that were undone; the undo
-- itself is another row of kind 'undo'.
create table moderation_action (
    action_id integer primary key,
    challenge_id integer not null references challenge (challenge_id) on delete cascade,
    actor_id integer not null references person (person_id),
    kind text not null,
    summary text not null,
    details text not null,
    created_at bigint not null,
    undone_at bigint,
    undone_by integer references person (person_id)
);
create index moderation_action_challenge on moderation_action (challenge_id, action_id);

-- A member's report of an idea or a comment, for the moderators' queue.
create table report (
    report_id integer primary key,
    challenge_id integer not null references challenge (challenge_id) on delete cascade,
    idea_id integer not null references idea (idea_id) on delete cascade,
    comment_id integer references comment (comment_id) on delete cascade,
    reporter_id integer not null references person (person_id),
    reason text not null,
    created_at bigint not null,
    resolved_at bigint,
    resolved_by integer references person (person_id)
);
create index report_open on report (challenge_id, resolved_at);

-- Authors hear when a moderator merges or hides what they wrote. SQLite cannot change a check
-- constraint in place, so the table is rebuilt.
create table notification_new (
    notification_id integer primary key,
    person_id integer not null references person (person_id) on delete cascade,
    kind text not null check (kind in ('comment', 'official_response', 'closing_soon',
        'synthesis_published', 'merged', 'hidden')),
    challenge_id integer not null references challenge (challenge_id) on delete cascade,
    idea_id integer references idea (idea_id) on delete cascade,
    actor_id integer references person (person_id),
    created_at bigint not null,
    read_at bigint
);
insert into notification_new select * from notification;
drop table notification;
alter table notification_new rename to notification;
create index notification_person on notification (person_id, created_at);
