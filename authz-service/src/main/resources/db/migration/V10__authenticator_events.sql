-- MF-3: what happened to each authenticator (WebAuthn security key, passkey): reported lost and
-- suspended at once, found and reinstated, retired once replaced — who, when, why.
create table authenticator_event (
    id              bigserial     primary key,
    at              timestamptz   not null,
    actor           varchar(100)  not null,
    username        varchar(64)   not null,
    credential_id   varchar(64)   not null,
    action          varchar(20)   not null,
    reason          varchar(1000) not null
);

create index authenticator_event_credential on authenticator_event (credential_id, at);
