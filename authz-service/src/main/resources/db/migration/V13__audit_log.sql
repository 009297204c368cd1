-- Tamper-evident audit log (AU-1, AU-2): hash-chained events with a monotonic sequence, the chain's
-- head (one row, locked by every append so that instances append one at a time), and checkpoints
-- signed with a key kept outside the database.
create table audit_event (
    seq              bigint        primary key,
    at               timestamptz   not null,
    kind             varchar(60)   not null,
    actor            varchar(100)  not null,
    subject          varchar(300)  not null,
    detail           text          not null,
    requirement_ids  varchar(200)  not null,
    prev_hash        char(64)      not null,
    hash             char(64)      not null
);

create index audit_event_subject on audit_event (subject, seq);
create index audit_event_at on audit_event (at);

create table audit_head (
    id    smallint  primary key check (id = 1),
    seq   bigint    not null,
    hash  char(64)  not null
);

insert into audit_head (id, seq, hash) values (1, 0, repeat('0', 64));

create table audit_checkpoint (
    seq   bigint       primary key,
    hash  char(64)     not null,
    at    timestamptz  not null,
    jws   text         not null
);
