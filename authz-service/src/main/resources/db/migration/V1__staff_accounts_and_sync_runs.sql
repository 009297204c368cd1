-- Mamori schema, version 1: staff accounts provisioned from HR, sync runs and their rejected rows,
-- and the record of temporary passwords issued (never the passwords themselves, PW-4 / PW-8).

create table sync_run (
    id              bigserial primary key,
    source          varchar(1000) not null,
    started_at      timestamptz   not null,
    finished_at     timestamptz   not null,
    created         integer       not null,
    unchanged       integer       not null,
    skipped         integer       not null,
    failed          integer       not null,
    rejected_rows   integer       not null
);

-- GV-7: each rejected HR row, with where it was and what was expected. The value is kept so the
-- operator can correct the HR export; it is personal data and is shown only to administrators.
create table sync_rejected_row (
    sync_run_id     bigint        not null references sync_run (id),
    line            bigint        not null,
    column_name     varchar(100),
    value           varchar(300),
    expected        varchar(500)  not null
);

create table staff_account (
    employee_number varchar(10)   primary key,
    username        varchar(64)   not null unique,
    full_name       varchar(200)  not null,
    full_name_kana  varchar(200)  not null,
    section_code    varchar(20)   not null,
    section_name    varchar(200)  not null,
    directory_dn    varchar(500),
    keycloak_id     varchar(64),
    created_at      timestamptz   not null,
    updated_at      timestamptz   not null
);

-- PW-4: who issued a temporary password, for whom, when and how it was handed over.
create table temporary_password_issue (
    id              bigserial     primary key,
    employee_number varchar(10)   not null references staff_account (employee_number),
    issued_at       timestamptz   not null,
    issued_by       varchar(100)  not null,
    handover_method varchar(50)   not null,
    sync_run_id     bigint        references sync_run (id)
);
