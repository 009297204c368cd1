-- Mamori's own WebAuthn relying party (step-up before sensitive operations; MF-2, MF-3, PR-6).
-- User handles are random (never the employee number); credential IDs and handles are base64url.
create table webauthn_user (
    username      varchar(64)   primary key,
    user_handle   varchar(100)  not null unique
);

create table webauthn_credential (
    credential_id  varchar(1400) primary key,
    username       varchar(64)   not null references webauthn_user (username),
    public_key     bytea         not null,
    sign_count     bigint        not null check (sign_count >= 0),
    aaguid         varchar(32),
    state          varchar(12)   not null check (state in ('ACTIVE', 'SUSPENDED', 'RETIRED')),
    state_reason   varchar(1000),
    label          varchar(100)  not null,
    registered_at  timestamptz   not null,
    last_used_at   timestamptz
);

create index webauthn_credential_user on webauthn_credential (username, registered_at);

-- Ceremonies started and not finished: taken (deleted) once, whichever instance answers.
create table webauthn_ceremony (
    challenge         varchar(200)  primary key,
    kind              varchar(20)   not null check (kind in ('REGISTRATION', 'STEP_UP')),
    username          varchar(64)   not null,
    request_json      text          not null,
    operation_digest  varchar(100),
    expires_at        timestamptz   not null
);

create index webauthn_ceremony_expiry on webauthn_ceremony (expires_at);

-- What happened to Mamori's step-up credentials; COUNTER_REGRESSION is an alert.
create table webauthn_event (
    id             bigserial     primary key,
    at             timestamptz   not null,
    username       varchar(64)   not null,
    credential_id  varchar(1400) not null,
    kind           varchar(30)   not null,
    detail         varchar(1000)
);

create index webauthn_event_user on webauthn_event (username, at);
