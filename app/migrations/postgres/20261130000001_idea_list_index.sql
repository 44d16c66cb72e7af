-- The ideas shown on a challenge's list, by challenge: counting them ("1,234 ideas", for the
-- pages) reads this index alone instead of every idea row. 10,000 ideas: see docs/benchmarks.md.
create index idea_listed on idea (challenge_id)
    where withdrawn_at is null and merged_into_id is null and hidden_at is null;
