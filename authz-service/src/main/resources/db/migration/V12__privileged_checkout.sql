-- Issue 6: privileged IDs (特権ID) checked out for a limited time (PR-1 … PR-6, LC-6, AU-5, GV-3).

-- The registry: each privileged account, who answers for it, who may ask for it, who may approve,
-- how long one checkout may last, and whether one holder at a time (directory accounts always).
create table privileged_account (
    id                  varchar(64)   primary key,
    kind                varchar(20)   not null,       -- DIRECTORY | KEYCLOAK_ROLE
    target              varchar(500)  not null,       -- the DN, or the realm role name
    description         varchar(500)  not null,
    owner               varchar(64)   not null,       -- the system's manager (PR-2)
    eligible            varchar(2000) not null,       -- usernames who may request it (PR-1)
    approvers           varchar(2000) not null,       -- usernames who may approve (PR-6)
    max_duration_s      bigint        not null,
    exclusive           boolean       not null,
    emergency_allowed   boolean       not null,
    registered_at       timestamptz   not null,
    registered_by       varchar(64)   not null,
    retired_at          timestamptz,
    retired_by          varchar(64),
    last_rotated_at     timestamptz,
    rotation_failures   int           not null default 0,
    next_rotation_try   timestamptz
);

-- One request and, once approved, its checkout. The deadline of an active checkout is stored
-- (expires_at): check-in at expiry is driven by this row, never by a timer in memory.
create table privileged_checkout (
    id                  bigserial     primary key,
    account_id          varchar(64)   not null references privileged_account (id),
    exclusive           boolean       not null,
    requester           varchar(64)   not null,
    purpose             varchar(1000) not null,
    ticket              varchar(100)  not null,
    emergency           boolean       not null,
    state               varchar(20)   not null,
    requested_at        timestamptz   not null,
    window_start        timestamptz   not null,
    duration_s          bigint        not null,
    approval_deadline   timestamptz   not null,
    approver            varchar(64),
    decided_at          timestamptz,
    decision_reason     varchar(1000),
    activated_at        timestamptz,
    expires_at          timestamptz,
    revealed_at         timestamptz,
    checked_in_at       timestamptz,
    checked_in_by       varchar(64),
    rotation_attempts   int           not null default 0,
    next_attempt_at     timestamptz,
    last_error          varchar(1000),
    report_due_at       timestamptz,
    report_text         varchar(4000),
    reported_at         timestamptz,
    after_approver      varchar(64),
    after_approved_at   timestamptz,
    claimed_by          varchar(200),
    claimed_until       timestamptz
);

-- Exclusive accounts: at most one checkout holds the account while its password may still work
-- (ACTIVE, or ROTATION_PENDING: the revealed password could not be changed yet).
create unique index privileged_checkout_one_holder on privileged_checkout (account_id)
    where exclusive and state in ('ACTIVE', 'ROTATION_PENDING');

create index privileged_checkout_due on privileged_checkout (state, expires_at);

-- Every step, who took it and why (AU-5); the audit log of issue 7 chains these.
create table privileged_event (
    id                  bigserial     primary key,
    at                  timestamptz   not null,
    account_id          varchar(64)   not null,
    checkout_id         bigint,
    action              varchar(40)   not null,
    actor               varchar(64)   not null,
    detail              varchar(2000)
);

create index privileged_event_checkout on privileged_event (checkout_id);

-- Alerts for the information-system section (dashboard, reports): raised by any feature.
create table alert (
    id                  bigserial     primary key,
    raised_at           timestamptz   not null,
    kind                varchar(60)   not null,
    subject             varchar(200)  not null,
    detail_ja           varchar(2000) not null,
    detail_en           varchar(2000) not null,
    requirement_id      varchar(20)   not null,
    resolved_at         timestamptz,
    resolved_by         varchar(64)
);

-- A notification that must reach people now (an emergency use): kept until someone reads it.
create table notification (
    id                  bigserial     primary key,
    at                  timestamptz   not null,
    recipient           varchar(64)   not null,
    subject_ja          varchar(500)  not null,
    subject_en          varchar(500)  not null,
    body                varchar(4000) not null,
    read_at             timestamptz
);
