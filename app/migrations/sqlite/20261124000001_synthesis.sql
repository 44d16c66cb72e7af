-- The synthesis moderators compose: an overall summary and up to three highlighted ideas per
-- theme (the draft), and each publication with a snapshot of what it showed, so members see
-- exactly what was published while moderators keep editing.

create table synthesis (
    challenge_id integer primary key references challenge (challenge_id) on delete cascade,
    summary text not null default '',
    updated_by integer not null references person (person_id),
    updated_at bigint not null
);

create table synthesis_highlight (
    theme_id integer not null references theme (theme_id) on delete cascade,
    idea_id integer not null references idea (idea_id) on delete cascade,
    challenge_id integer not null references challenge (challenge_id) on delete cascade,
    -- A sentence quoted from the idea or its discussion; the idea's title stands alone without.
    quote text,
    position integer not null,
    primary key (theme_id, idea_id)
);

-- `composition` is JSON: the summary, themes (names, summaries, colours, order, highlights)
-- and which idea sits in which theme, as published. Figures stay live.
create table synthesis_publication (
    publication_id integer primary key,
    challenge_id integer not null references challenge (challenge_id) on delete cascade,
    published_by integer not null references person (person_id),
    published_at bigint not null,
    composition text not null
);
create index synthesis_publication_latest on synthesis_publication (challenge_id, publication_id);
