-- Full-text search over posts, comments, people and spaces (store::search).
--
-- FTS5 external-content tables: the text lives once, in the base table; the
-- index maps words to the base row's rowid. The base tables have a blob
-- primary key and are not WITHOUT ROWID, so each still has an implicit
-- integer rowid, which is what content_rowid names and what queries join on.
-- That rowid is stable under insert, update and delete (nothing here uses
-- REPLACE, which would re-insert a row under a new rowid without firing the
-- delete trigger). VACUUM is documented as free to renumber rowids of tables
-- without an INTEGER PRIMARY KEY; after a VACUUM, or whenever in doubt, run
-- `insert into posts_fts (posts_fts) values ('rebuild')` (and the same for
-- comments_fts, people_fts, spaces_fts).
--
-- unicode61 with remove_diacritics 2 folds case and accents (é → e, å → a),
-- so Norwegian and English text share one index.
--
-- Triggers keep each index in sync. An external-content 'delete' must be
-- given the values that were indexed, hence old.* before the change. Updates
-- re-index only when an indexed column is assigned, so bumping
-- posts.comment_count or people.password_hash does not touch the index.
--
-- Soft-deleted posts and comments stay indexed: the queries join the base
-- table and skip deleted_at is not null, as every other read does.

create virtual table posts_fts using fts5 (
    title,
    body,
    content = 'posts',
    content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);
create trigger posts_fts_insert after insert on posts begin
    insert into posts_fts (rowid, title, body) values (new.rowid, new.title, new.body);
end;
create trigger posts_fts_delete after delete on posts begin
    insert into posts_fts (posts_fts, rowid, title, body)
    values ('delete', old.rowid, old.title, old.body);
end;
create trigger posts_fts_update after update of title, body on posts begin
    insert into posts_fts (posts_fts, rowid, title, body)
    values ('delete', old.rowid, old.title, old.body);
    insert into posts_fts (rowid, title, body) values (new.rowid, new.title, new.body);
end;
insert into posts_fts (posts_fts) values ('rebuild');

create virtual table comments_fts using fts5 (
    body,
    content = 'comments',
    content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);
create trigger comments_fts_insert after insert on comments begin
    insert into comments_fts (rowid, body) values (new.rowid, new.body);
end;
create trigger comments_fts_delete after delete on comments begin
    insert into comments_fts (comments_fts, rowid, body) values ('delete', old.rowid, old.body);
end;
create trigger comments_fts_update after update of body on comments begin
    insert into comments_fts (comments_fts, rowid, body) values ('delete', old.rowid, old.body);
    insert into comments_fts (rowid, body) values (new.rowid, new.body);
end;
insert into comments_fts (comments_fts) values ('rebuild');

create virtual table people_fts using fts5 (
    name,
    handle,
    title,
    content = 'people',
    content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);
create trigger people_fts_insert after insert on people begin
    insert into people_fts (rowid, name, handle, title)
    values (new.rowid, new.name, new.handle, new.title);
end;
create trigger people_fts_delete after delete on people begin
    insert into people_fts (people_fts, rowid, name, handle, title)
    values ('delete', old.rowid, old.name, old.handle, old.title);
end;
create trigger people_fts_update after update of name, handle, title on people begin
    insert into people_fts (people_fts, rowid, name, handle, title)
    values ('delete', old.rowid, old.name, old.handle, old.title);
    insert into people_fts (rowid, name, handle, title)
    values (new.rowid, new.name, new.handle, new.title);
end;
insert into people_fts (people_fts) values ('rebuild');

create virtual table spaces_fts using fts5 (
    name,
    description,
    content = 'spaces',
    content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);
create trigger spaces_fts_insert after insert on spaces begin
    insert into spaces_fts (rowid, name, description)
    values (new.rowid, new.name, new.description);
end;
create trigger spaces_fts_delete after delete on spaces begin
    insert into spaces_fts (spaces_fts, rowid, name, description)
    values ('delete', old.rowid, old.name, old.description);
end;
create trigger spaces_fts_update after update of name, description on spaces begin
    insert into spaces_fts (spaces_fts, rowid, name, description)
    values ('delete', old.rowid, old.name, old.description);
    insert into spaces_fts (rowid, name, description)
    values (new.rowid, new.name, new.description);
end;
insert into spaces_fts (spaces_fts) values ('rebuild');
