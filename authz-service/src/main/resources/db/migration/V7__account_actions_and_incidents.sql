-- Issue 4: administrators' actions on an account's state (unlock, reinstate, password may have
-- leaked), each with its reason and the state before and after; and security incidents reported
-- by staff ("this wasn't me", LG-1) for the information-system section.
create table account_action (
    id              bigserial     primary key,
    at              timestamptz   not null,
    actor           varchar(100)  not null,
    username        varchar(64)   not null,
    action          varchar(40)   not null,
    reason          varchar(1000) not null,
    status_before   varchar(40)   not null,
    status_after    varchar(40)   not null
);

create table security_incident (
    id              bigserial     primary key,
    at              timestamptz   not null,
    username        varchar(64)   not null,
    kind            varchar(40)   not null,
    detail          varchar(2000) not null,
    ip_address      varchar(100),
    handled_at      timestamptz
);
