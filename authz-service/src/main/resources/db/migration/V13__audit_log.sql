-- Tamper-evident audit log (AU-1, AU-2): hash-chained events with a monotonic sequence (the primary
-- key: a writer that raced another for the next number inserts nothing and chains after it), and
-- checkpoints signed with a key kept outside the database.
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

create table audit_checkpoint (
    seq   bigint       primary key,
    hash  char(64)     not null,
    at    timestamptz  not null,
    jws   text         not null
);

-- One field of the chain's hash: its length in bytes (4 bytes, big-endian) and its UTF-8 bytes
-- (AuditLog's one-statement append hashes in the database as AuditChain.hash does in Java).
create function audit_field(v text) returns bytea
    language sql immutable strict
    as $$ select int4send(octet_length(convert_to(v, 'UTF8'))) || convert_to(v, 'UTF8') $$;
