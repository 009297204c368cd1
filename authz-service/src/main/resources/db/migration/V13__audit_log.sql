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

-- One field of the chain's hash: its length in bytes (4 bytes, big-endian) and its UTF-8 bytes.
create function audit_field(v text) returns bytea
    language sql immutable strict
    as $$ select int4send(octet_length(convert_to(v, 'UTF8'))) || convert_to(v, 'UTF8') $$;

-- Appends one event after the head in one round trip: locks the head, hashes as AuditChain.hash
-- does (the time as microseconds since the epoch), inserts, moves the head.
create function audit_append(p_at timestamptz, p_kind text, p_actor text, p_subject text,
                             p_detail text, p_requirement_ids text)
    returns table (out_seq bigint, out_prev_hash text, out_hash text)
    language plpgsql
    as $$
declare
    v_prev_seq  bigint;
    v_prev_hash text;
    v_seq       bigint;
    v_hash      text;
begin
    select h.seq, h.hash into v_prev_seq, v_prev_hash from audit_head h where h.id = 1 for update;
    v_seq := v_prev_seq + 1;
    v_hash := encode(sha256(
           audit_field(v_seq::text)
        || audit_field(((extract(epoch from p_at) * 1000000)::bigint)::text)
        || audit_field(p_kind) || audit_field(p_actor) || audit_field(p_subject)
        || audit_field(p_detail) || audit_field(p_requirement_ids) || audit_field(v_prev_hash)),
        'hex');
    insert into audit_event (seq, at, kind, actor, subject, detail, requirement_ids, prev_hash,
                             hash)
    values (v_seq, p_at, p_kind, p_actor, p_subject, p_detail, p_requirement_ids, v_prev_hash,
            v_hash);
    update audit_head set seq = v_seq, hash = v_hash where id = 1;
    return query select v_seq, v_prev_hash, v_hash;
end
$$;
