-- Deleting a comment makes the database look for replies to it
-- (comments.parent_id references comments.id). Without this index every
-- delete scanned all comments, so wiping a large database (demo --fresh,
-- seed --fresh) effectively never finished on either backend.
create index comments_parent on comments (parent_id);
