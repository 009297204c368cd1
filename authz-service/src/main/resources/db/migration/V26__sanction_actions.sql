-- The changes a whole-account sanction makes in Keycloak (GV-4): the suspension when it is
-- imposed, the reinstatement when its lifting is approved. Keycloak cannot share a transaction with
-- this database, so each change is a row written PENDING before Keycloak is changed and marked DONE
-- or FAILED (with the error) after, as account_action's rows are (RecordedChange); a row still
-- PENDING is settled by reading whether the account carries the sanction's stop. A row of its own
-- rather than state columns on sanction: a sanction may bring two changes over its life (and a
-- sanction on a tier, a system or checkouts none), and RecordedChange settles one change per row.
-- The sanctions imposed before this migration made their change inside the sanction's own
-- transaction and have no rows here; the audit log holds them.
create table sanction_action (
    id          bigserial     primary key,
    sanction_id bigint        not null references sanction (id),
    action      varchar(20)   not null check (action in ('SUSPEND', 'REINSTATE')),
    username    varchar(100)  not null,
    actor       varchar(100)  not null,
    reason      varchar(2000),
    at          timestamptz   not null,
    state       varchar(10)   not null check (state in ('PENDING', 'DONE', 'FAILED')),
    error       varchar(1000),
    settled_at  timestamptz
);

create index sanction_action_pending on sanction_action (username) where state = 'PENDING';
create index sanction_action_sanction on sanction_action (sanction_id);
