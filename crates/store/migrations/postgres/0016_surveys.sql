-- PostgreSQL twin of migrations/sqlite/0016_surveys.sql (no rowid here; the
-- rewrite of a survey's responses in random order keeps the heap silent).
-- Pulse surveys (services::leadership::surveys): a leader asks units a few
-- questions (scale 1-5, eNPS 0-10, free text) between two dates; results
-- are released per unit only through samspill_domain::suppression.
--
-- Private by construction: *whether* someone answered
-- (survey_participation) is stored apart from *what* was answered
-- (survey_responses), and nothing joins the two:
-- - a response has no person, no time (its only time is the survey's
--   round, opens_at..closes_at) and a random UUIDv4 key, never the
--   time-ordered v7 of other tables;
-- - both tables are WITHOUT ROWID, so no rowid counts answers in order,
--   and a response row sorts by its random key;
-- - every answer rewrites the survey's responses in random order (see
--   store::leadership::surveys::insert_response), so on PostgreSQL neither
--   the heap order (ctid) nor the inserting transaction (xmin) of a live
--   response says which answer came when.
-- A response keeps the respondent's unit at answer time: an aggregate key,
-- needed for results by unit (suppression decides what is shown).

create table surveys (
    id uuid primary key,
    -- The leader (or administrator) who asked; reads the results.
    owner_id uuid not null references people (id),
    title text not null,
    -- k: results of a group are shown only when at least k answered it
    -- (at least 3, by default 5).
    min_group_size bigint not null,
    -- draft, open, closed; only forward. An open one past closes_at
    -- behaves as closed until the tick stores that.
    phase text not null,
    opens_at timestamptz not null,
    closes_at timestamptz not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);
create index surveys_time on surveys (created_at, id);
create index surveys_owner_time on surveys (owner_id, created_at, id);
create index surveys_phase_opens on surveys (phase, opens_at);
create index surveys_phase_closes on surveys (phase, closes_at);

create table survey_questions (
    survey_id uuid not null references surveys (id),
    position bigint not null,
    -- scale, enps, text
    kind text not null,
    text text not null,
    primary key (survey_id, position)
);

-- The audience: these units and every unit below them.
create table survey_units (
    survey_id uuid not null references surveys (id),
    unit_id uuid not null references units (id),
    primary key (survey_id, unit_id)
);
create index survey_units_unit on survey_units (unit_id, survey_id);

-- Who answered: one row per person and survey, no time, nothing answered.
create table survey_participation (
    survey_id uuid not null references surveys (id),
    person_id uuid not null references people (id),
    primary key (survey_id, person_id)
);
create index survey_participation_person on survey_participation (person_id, survey_id);

-- What was answered: no person, no time. `answers` is a JSON array, one
-- element per question in order: a score, a text, or null (text skipped).
create table survey_responses (
    id uuid primary key,
    survey_id uuid not null references surveys (id),
    unit_id uuid not null references units (id),
    answers text not null
);
create index survey_responses_survey on survey_responses (survey_id, id);

-- The groups of the results, frozen when the survey closes, so that the
-- release never changes afterwards (people moving, units re-parented):
-- every unit of the audience's subtrees (and any unit a response names),
-- its parent when that is in the view, and its population (the audience
-- people directly in it at closing; never fewer than its respondents).
create table survey_groups (
    survey_id uuid not null references surveys (id),
    unit_id uuid not null references units (id),
    parent_id uuid,
    population bigint not null,
    primary key (survey_id, unit_id)
);
