-- Retention of the audit log (AU-1, AU-3): events older than the retention period may be archived
-- to external media and removed, but only up to a signed checkpoint; the chain then starts after
-- that checkpoint (the base), and the archiving is itself an event of the chain, so that moving the
-- base by hand is found by the verification.
create table audit_base (
    id           int           primary key check (id = 1),
    seq          bigint        not null,
    hash         char(64)      not null,
    archived_at  timestamptz   not null,
    archived_by  varchar(100)  not null
);
