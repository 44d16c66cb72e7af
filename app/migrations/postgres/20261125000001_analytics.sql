-- Participation analytics. Activity is kept per day, never per request or per instant, and
-- holds no pages, addresses or devices: enough to count who took part, not to watch anyone.
-- `day` is days since 1970-01-01, UTC.

-- One row per person per day they used Chorus, with where they sat that day, so a later move
-- to another department or manager does not rewrite history.
create table person_day (
    person_id bigint not null references person (person_id) on delete cascade,
    day bigint not null,
    department text not null,
    region text not null,
    manager_id bigint references person (person_id) on delete set null,
    primary key (person_id, day)
);
-- Covering: the figures scan a range of days and group by person without touching rows.
create index person_day_day on person_day (day, person_id);

-- What a person did on a challenge on a day: viewed it, voted, commented, submitted an idea.
create table challenge_activity (
    challenge_id bigint not null references challenge (challenge_id) on delete cascade,
    person_id bigint not null references person (person_id) on delete cascade,
    day bigint not null,
    kind text not null check (kind in ('view', 'vote', 'comment', 'idea')),
    primary key (challenge_id, day, person_id, kind)
);
create index challenge_activity_day on challenge_activity (day, person_id, kind, challenge_id);

-- Instance-wide settings an admin changes in the app, by name.
create table organisation_setting (
    name text primary key,
    value text not null
);

-- What was contributed before this table existed counts as activity on its day.
insert into challenge_activity (challenge_id, person_id, day, kind)
select challenge_id, author_id, created_at / 86400000, 'idea' from idea
union select challenge_id, author_id, created_at / 86400000, 'comment' from comment
union select challenge_id, person_id, cast_at / 86400000, 'vote' from vote
union select challenge_id, author_id, created_at / 86400000, 'view' from idea
union select challenge_id, author_id, created_at / 86400000, 'view' from comment
union select challenge_id, person_id, cast_at / 86400000, 'view' from vote;

insert into person_day (person_id, day, department, region, manager_id)
select p.person_id, d.day, p.department, p.region, p.manager_id
from (select distinct person_id, day from challenge_activity
      union select person_id, created_at / 86400000 from session) d
join person p on p.person_id = d.person_id;
