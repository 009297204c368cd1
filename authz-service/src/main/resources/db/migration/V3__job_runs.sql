-- Scheduled jobs fire once per due time across every instance sharing this database, and after a
-- restart: an instance runs a job only if it inserts the (job, due) row first.
create table job_run (
    job             varchar(100)  not null,
    due             timestamptz   not null,
    claimed_by      varchar(200)  not null,
    claimed_at      timestamptz   not null,
    finished_at     timestamptz,
    outcome         varchar(2000),
    primary key (job, due)
);
