-- Visions and announcements addressed to units: the audience units, the
-- audience as it was when the post was written (each person with the unit
-- they were in, so reach figures do not move when people move), whether it
-- asks for "I have read this", and the cascade link (a sub-leader's local
-- follow-up of an original). The post itself is an ordinary row of `posts`
-- (kind vision or announcement) in a space everyone can read; who may read
-- it is decided by store::visibility like every other post.

create table announcements (
    post_id uuid primary key references posts (id),
    -- Pinned for each audience member until they acknowledge it.
    requires_ack boolean not null,
    -- The original this follow-up cascades (a vision or announcement).
    cascade_of uuid references posts (id),
    created_at timestamptz not null
);
create index announcements_cascade on announcements (cascade_of, created_at);

-- The addressed units; the audience is these and every unit below them.
create table announcement_units (
    post_id uuid not null references posts (id),
    unit_id uuid not null references units (id),
    primary key (post_id, unit_id)
);

-- The audience when the post was written: everyone active whose primary
-- unit was an audience unit, with that unit.
create table announcement_people (
    post_id uuid not null references posts (id),
    person_id uuid not null references people (id),
    unit_id uuid not null references units (id),
    primary key (post_id, person_id)
);
create index announcement_people_person on announcement_people (person_id, post_id);
