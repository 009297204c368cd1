-- Exceptions to the policy (例外措置, GV-3): a named rule of the access decision lifted for one
-- terminal, person or system for a time, approved by the CISO; emergency exceptions take effect
-- at once and are reported and approved afterwards. Every step is in the audit log as well.
create table policy_exception (
    id              bigserial     primary key,
    rule            varchar(60)   not null,
    scope_kind      varchar(20)   not null,
    scope_value     varchar(200)  not null,
    reason          varchar(2000) not null,
    requested_by    varchar(100)  not null,
    requested_at    timestamptz   not null,
    ends_at         timestamptz   not null,
    emergency       boolean       not null,
    status          varchar(20)   not null,
    decided_by      varchar(100),
    decided_at      timestamptz,
    decision_note   varchar(2000),
    report          varchar(4000),
    reported_at     timestamptz,
    report_due      timestamptz,
    ended_at        timestamptz
);

create index policy_exception_active on policy_exception (status, ends_at);
