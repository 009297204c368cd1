-- Mamori schema, version 2: HR lifecycle reconciliation (LC-1 … LC-7).
-- A plan is stored with its actions before anything is applied (dry run, approval by fingerprint);
-- every change really made is journalled, so a run cut off half-way resumes without applying an
-- action twice, and the run report's counts are the journal's (until the audit log, issue 7).

create table lifecycle_plan (
    id              bigserial     primary key,
    created_at      timestamptz   not null,
    plan_date       date          not null,
    source_path     varchar(1000) not null,
    hr_rows         integer       not null,
    rejected_rows   integer       not null,
    newest_effective_date date,   -- newest 発令日 in the HR file: an older file must not undo a newer one
    fingerprint     char(64)      not null,
    status          varchar(20)   not null
        check (status in ('EMPTY', 'READY', 'HELD', 'APPROVED', 'PARTIAL', 'APPLIED', 'SUPERSEDED')),
    held_reasons    text,
    approved_by     varchar(100),
    approved_at     timestamptz,
    report_json     text          not null
);

create table lifecycle_plan_action (
    plan_id         bigint        not null references lifecycle_plan (id),
    seq             integer       not null,
    canonical       varchar(2000) not null,
    action_type     varchar(30)   not null,
    target          varchar(30)   not null,
    employee_number varchar(20)   not null,
    destructive     boolean       not null,
    changes         boolean       not null,
    reason_ja       varchar(1000) not null,
    reason_en       varchar(1000) not null,
    requirement_ids varchar(200)  not null,
    primary key (plan_id, seq)
);

-- One row per change attempted: DONE rows are the changes really made.
create table lifecycle_journal (
    id              bigserial     primary key,
    plan_id         bigint        not null references lifecycle_plan (id),
    canonical       varchar(2000) not null,
    status          varchar(10)   not null check (status in ('DONE', 'FAILED')),
    message         varchar(2000),
    at              timestamptz   not null
);
create unique index lifecycle_journal_done_once
    on lifecycle_journal (plan_id, canonical) where status = 'DONE';

-- LC-3: the first day an account was seen without an HR record (the orphan grace period runs from it).
create table orphan_seen (
    account_key     varchar(600)  primary key,
    first_seen      date          not null
);
