-- MF-4 / MF-2: the terminal registry. A terminal sits in one network tier, may belong to a
-- section, and is recognised by the network ranges it connects from; it is registered and retired
-- by administrators, each step recorded in terminal_event.
create table terminal (
    id              varchar(64)   primary key,
    tier            varchar(20)   not null,
    section_code    varchar(64),
    networks        varchar(2000) not null,
    registered_at   timestamptz   not null,
    registered_by   varchar(100)  not null,
    retired_at      timestamptz,
    retired_by      varchar(100),
    retire_reason   varchar(1000)
);

create table terminal_event (
    id              bigserial     primary key,
    at              timestamptz   not null,
    terminal_id     varchar(64)   not null,
    action          varchar(20)   not null,
    actor           varchar(100)  not null,
    reason          varchar(1000)
);
