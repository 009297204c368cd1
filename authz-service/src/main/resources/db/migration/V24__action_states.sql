-- An action on an account or an authenticator changes Keycloak, which cannot share a transaction
-- with this database: its row is written PENDING before Keycloak is changed and marked DONE or
-- FAILED (with the error) after (RecordedChange). A row still PENDING is settled by reading
-- Keycloak. The rows written before this migration were written after Keycloak had changed: DONE.
alter table account_action
    add column state      varchar(10),
    add column error      varchar(1000),
    add column settled_at timestamptz,
    alter column status_after drop not null;
update account_action set state = 'DONE', settled_at = at;
alter table account_action
    alter column state set not null,
    add constraint account_action_state check (state in ('PENDING', 'DONE', 'FAILED'));
create index account_action_pending on account_action (username) where state = 'PENDING';

alter table authenticator_event
    add column state      varchar(10),
    add column error      varchar(1000),
    add column settled_at timestamptz;
update authenticator_event set state = 'DONE', settled_at = at;
alter table authenticator_event
    alter column state set not null,
    add constraint authenticator_event_state check (state in ('PENDING', 'DONE', 'FAILED'));
create index authenticator_event_pending on authenticator_event (username)
    where state = 'PENDING';
