-- Violations and sanctions (GV-4): a recorded violation notifies the person's section head; a
-- sanction suspends or revokes one right (the whole account, one network tier, one system, or
-- privileged checkouts) with a reason code, the CISO is told, and only an approved reinstatement
-- lifts it. Every step is in the audit log as well.
create table violation (
    id              bigserial     primary key,
    username        varchar(100)  not null,
    sections        varchar(500)  not null,
    reason_code     varchar(40)   not null,
    description     varchar(2000) not null,
    recorded_by     varchar(100)  not null,
    recorded_at     timestamptz   not null
);

create index violation_person on violation (username, recorded_at);

create table sanction (
    id              bigserial     primary key,
    username        varchar(100)  not null,
    violation_id    bigint        references violation (id),
    measure         varchar(20)   not null check (measure in ('SUSPEND', 'REVOKE')),
    right_kind      varchar(20)   not null check (right_kind in ('ACCOUNT', 'TIER', 'SYSTEM', 'PRIVILEGED')),
    right_value     varchar(200)  not null,
    reason_code     varchar(40)   not null,
    note            varchar(2000) not null,
    imposed_by      varchar(100)  not null,
    imposed_at      timestamptz   not null,
    status          varchar(30)   not null
        check (status in ('IN_FORCE', 'REINSTATEMENT_REQUESTED', 'LIFTED')),
    reinstatement_requested_by varchar(100),
    reinstatement_requested_at timestamptz,
    reinstatement_reason       varchar(2000),
    decided_by      varchar(100),
    decided_at      timestamptz,
    decision_note   varchar(2000)
);

create index sanction_active on sanction (username) where status <> 'LIFTED';
