-- A consultation whose promised decision date passes without a decision
-- tells its leader once: the timed run claims it by setting this.
alter table consultations add column overdue_notified_at timestamptz;
