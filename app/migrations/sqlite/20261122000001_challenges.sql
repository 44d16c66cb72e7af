-- Challenges, ideas, comments, votes and in-app notifications. Instants are UTC milliseconds.

-- Voting rule: `vote_budget` null means one vote per idea (`max_votes_per_idea` = 1); otherwise
-- dot voting with that many votes per person and at most `max_votes_per_idea` on one idea.
create table challenge (
    challenge_id integer primary key,
    title text not null,
    question text not null,
    brief text not null default '',
    sponsor_id integer not null references person (person_id),
    opens_at bigint not null,
    closes_at bigint not null,
    vote_budget integer,
    max_votes_per_idea integer not null,
    hide_authors integer not null default 0,
    created_by integer not null references person (person_id),
    created_at bigint not null,
    closing_soon_notified_at bigint,
    synthesis_published_at bigint,
    check (closes_at > opens_at)
);
create index challenge_closes on challenge (closes_at);

-- An empty audience is everyone. Otherwise a person must match one of the listed departments
-- (when any are listed) and one of the listed regions (when any are listed).
create table challenge_audience (
    challenge_id integer not null references challenge (challenge_id) on delete cascade,
    kind text not null check (kind in ('department', 'region')),
    name text not null,
    primary key (challenge_id, kind, name)
);

-- Every change to a challenge's time box, with who made it.
create table challenge_change (
    change_id integer primary key,
    challenge_id integer not null references challenge (challenge_id) on delete cascade,
    person_id integer not null references person (person_id),
    kind text not null check (kind in ('created', 'extended', 'closed_early')),
    closes_before bigint,
    closes_after bigint not null,
    changed_at bigint not null
);
create index challenge_change_challenge on challenge_change (challenge_id);

-- `search_text` is the lower-cased title and body, for search without a per-backend index.
create table idea (
    idea_id integer primary key,
    challenge_id integer not null references challenge (challenge_id) on delete cascade,
    author_id integer not null references person (person_id),
    title text not null,
    body text not null,
    search_text text not null,
    vote_count bigint not null default 0,
    comment_count bigint not null default 0,
    created_at bigint not null,
    updated_at bigint not null,
    withdrawn_at bigint
);
create index idea_new on idea (challenge_id, created_at);
create index idea_top on idea (challenge_id, vote_count);
create index idea_author on idea (author_id);

-- One row per person who has voted in a challenge: the votes they have spent. Updating it
-- locks the row on PostgreSQL, which serialises one person's concurrent votes.
create table ballot (
    challenge_id integer not null references challenge (challenge_id) on delete cascade,
    person_id integer not null references person (person_id),
    votes_used integer not null default 0 check (votes_used >= 0),
    primary key (challenge_id, person_id)
);

create table vote (
    idea_id integer not null references idea (idea_id) on delete cascade,
    person_id integer not null references person (person_id),
    challenge_id integer not null references challenge (challenge_id) on delete cascade,
    votes integer not null check (votes > 0),
    cast_at bigint not null,
    primary key (idea_id, person_id)
);
create index vote_ballot on vote (challenge_id, person_id);

-- One level of replies: `parent_id` always names a top-level comment.
create table comment (
    comment_id integer primary key,
    idea_id integer not null references idea (idea_id) on delete cascade,
    challenge_id integer not null references challenge (challenge_id) on delete cascade,
    author_id integer not null references person (person_id),
    parent_id integer references comment (comment_id) on delete cascade,
    body text not null,
    created_at bigint not null,
    official_at bigint,
    official_by integer references person (person_id)
);
create index comment_idea on comment (idea_id, created_at);

create table notification (
    notification_id integer primary key,
    person_id integer not null references person (person_id) on delete cascade,
    kind text not null check (kind in ('comment', 'official_response', 'closing_soon', 'synthesis_published')),
    challenge_id integer not null references challenge (challenge_id) on delete cascade,
    idea_id integer references idea (idea_id) on delete cascade,
    actor_id integer references person (person_id),
    created_at bigint not null,
    read_at bigint
);
create index notification_person on notification (person_id, created_at);
