-- The language a person chose for the interface and their email (`en`, `es`, `nl`); null
-- follows their browser.
alter table person add column language text;
