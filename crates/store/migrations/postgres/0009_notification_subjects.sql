-- Notifications about things that are not posts or spaces: a consultation,
-- an idea's status, a "you said, we did" report, a response to feedback, a
-- commitment coming due. `subject_id` is the object (its kind follows from
-- the notification's kind) and `subject_title` its title when the
-- notification was made, so listing needs no join per kind.
alter table notifications add column subject_id uuid;
alter table notifications add column subject_title text;
