-- Live posts and comments in time order, for search on PostgreSQL (see
-- migrations/postgres/0006_search_live_time.sql). SQLite's search walks
-- FTS5 matches in rowid order instead and does not read these; they are
-- kept so that both backends have the same schema.
create index posts_live_time on posts (created_at, id) where deleted_at is null;
create index comments_live_time on comments (created_at, id) where deleted_at is null;

-- The search index names each post's space, so that a search can keep to
-- the spaces its viewer may read inside FTS5 (store::search): a third
-- column, `space`, holds one word made of the space id ('s' and the id in
-- lowercase hex); for a comment, its post's space. Searches match the
-- user's words in the text columns only. Walking matches newest first and
-- looking each up to test its space cost a lookup per unreadable match: ten
-- thousand for a viewer who reads a tenth of the posts, a hundred thousand
-- for one who reads a hundredth.
--
-- The column has no counterpart in the base tables, so each index reads
-- its text through a view. Posts never move between spaces; should one,
-- the triggers below index it and its comments anew.

drop trigger posts_fts_insert;
drop trigger posts_fts_delete;
drop trigger posts_fts_update;
drop table posts_fts;
create view posts_fts_content as
    select rowid as rid, title, body, 's' || lower(hex(space_id)) as space from posts;
create virtual table posts_fts using fts5 (
    title,
    body,
    space,
    content = 'posts_fts_content',
    content_rowid = 'rid',
    tokenize = 'unicode61 remove_diacritics 2'
);
create trigger posts_fts_insert after insert on posts begin
    insert into posts_fts (rowid, title, body, space)
    values (new.rowid, new.title, new.body, 's' || lower(hex(new.space_id)));
end;
create trigger posts_fts_delete after delete on posts begin
    insert into posts_fts (posts_fts, rowid, title, body, space)
    values ('delete', old.rowid, old.title, old.body, 's' || lower(hex(old.space_id)));
end;
create trigger posts_fts_update after update of title, body, space_id on posts begin
    insert into posts_fts (posts_fts, rowid, title, body, space)
    values ('delete', old.rowid, old.title, old.body, 's' || lower(hex(old.space_id)));
    insert into posts_fts (rowid, title, body, space)
    values (new.rowid, new.title, new.body, 's' || lower(hex(new.space_id)));
end;
insert into posts_fts (posts_fts) values ('rebuild');

drop trigger comments_fts_insert;
drop trigger comments_fts_delete;
drop trigger comments_fts_update;
drop table comments_fts;
create view comments_fts_content as
    select c.rowid as rid, c.body, 's' || lower(hex(p.space_id)) as space
    from comments c join posts p on p.id = c.post_id;
create virtual table comments_fts using fts5 (
    body,
    space,
    content = 'comments_fts_content',
    content_rowid = 'rid',
    tokenize = 'unicode61 remove_diacritics 2'
);
create trigger comments_fts_insert after insert on comments begin
    insert into comments_fts (rowid, body, space)
    values (new.rowid, new.body,
            (select 's' || lower(hex(p.space_id)) from posts p where p.id = new.post_id));
end;
create trigger comments_fts_delete after delete on comments begin
    insert into comments_fts (comments_fts, rowid, body, space)
    values ('delete', old.rowid, old.body,
            (select 's' || lower(hex(p.space_id)) from posts p where p.id = old.post_id));
end;
create trigger comments_fts_update after update of body, post_id on comments begin
    insert into comments_fts (comments_fts, rowid, body, space)
    values ('delete', old.rowid, old.body,
            (select 's' || lower(hex(p.space_id)) from posts p where p.id = old.post_id));
    insert into comments_fts (rowid, body, space)
    values (new.rowid, new.body,
            (select 's' || lower(hex(p.space_id)) from posts p where p.id = new.post_id));
end;
create trigger comments_fts_post_moved after update of space_id on posts begin
    insert into comments_fts (comments_fts, rowid, body, space)
    select 'delete', c.rowid, c.body, 's' || lower(hex(old.space_id))
    from comments c where c.post_id = new.id;
    insert into comments_fts (rowid, body, space)
    select c.rowid, c.body, 's' || lower(hex(new.space_id))
    from comments c where c.post_id = new.id;
end;
insert into comments_fts (comments_fts) values ('rebuild');
