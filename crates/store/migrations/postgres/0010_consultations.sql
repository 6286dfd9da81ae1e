-- Consultations with an involvement scope: what is decided, what is open
-- for input, what is out of scope, who decides and how, and the dates that
-- promise when input closes and when a decision comes. Ideas, one vote per
-- person per idea, a flat comment list per idea, and the "you said, we did"
-- report (its body on the consultation, one outcome per idea).
--
-- Who may read a consultation and who is its audience is decided in one
-- place, store::leadership::consultations (the SQL fragments there); no
-- table here carries its own copy of that decision.

create table consultations (
    id uuid primary key,
    -- The leader: sets phases and statuses and writes the report.
    author_id uuid not null references people (id),
    title text not null,
    body text not null,
    body_html text not null,
    decided text not null,
    open_for_input text not null,
    out_of_scope text not null,
    decided_by text not null,
    decision_rule text not null,
    -- audience or everyone (everyone signed in, once it is not a draft).
    visible_to text not null,
    -- draft, open, reviewing, decided, closed; only forward. An open one past
    -- input_closes_at behaves as reviewing until the tick stores that.
    phase text not null,
    input_closes_at timestamptz not null,
    decision_due_at timestamptz not null,
    report_body text,
    report_html text,
    reported_at timestamptz,
    created_at timestamptz not null,
    updated_at timestamptz not null
);
create index consultations_time on consultations (created_at, id);
create index consultations_author_time on consultations (author_id, created_at, id);
create index consultations_phase_closes on consultations (phase, input_closes_at);

-- The audience: these units and every unit below them.
create table consultation_units (
    consultation_id uuid not null references consultations (id),
    unit_id uuid not null references units (id),
    primary key (consultation_id, unit_id)
);
create index consultation_units_unit on consultation_units (unit_id, consultation_id);

create table ideas (
    id uuid primary key,
    consultation_id uuid not null references consultations (id),
    author_id uuid not null references people (id),
    title text not null,
    body text not null,
    body_html text not null,
    -- null until the leader gives one: under_review, accepted, declined,
    -- parked, implemented.
    status text,
    explanation text not null,
    status_set_at timestamptz,
    -- The report's line for this idea ("we did").
    outcome text,
    created_at timestamptz not null
);
create index ideas_consultation_time on ideas (consultation_id, created_at, id);
create index ideas_author on ideas (author_id);

create table idea_votes (
    idea_id uuid not null references ideas (id),
    person_id uuid not null references people (id),
    voted_at timestamptz not null,
    primary key (idea_id, person_id)
);
create index idea_votes_person on idea_votes (person_id);

create table idea_comments (
    id uuid primary key,
    idea_id uuid not null references ideas (id),
    author_id uuid not null references people (id),
    body text not null,
    body_html text not null,
    created_at timestamptz not null
);
create index idea_comments_idea_time on idea_comments (idea_id, created_at, id);
create index idea_comments_author on idea_comments (author_id);
