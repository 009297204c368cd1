-- Periodic review of the records (AU-4): an auditor or the CISO reviews a period of the audit log
-- (with the analysis Mamori prepares) and signs it off with their findings; a review overdue raises
-- an alert. The sign-off is in the audit log as well.
create table audit_review (
    id              bigserial     primary key,
    reviewed_by     varchar(100)  not null,
    reviewed_at     timestamptz   not null,
    period_from     timestamptz   not null,
    period_to       timestamptz   not null,
    up_to_seq       bigint        not null,
    findings        varchar(4000) not null
);
