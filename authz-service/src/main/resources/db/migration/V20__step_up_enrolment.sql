-- Enrolment of Mamori's step-up authenticators (MF-3): a registration starts only after a step-up
-- with a key the person already has, or with a one-time enrolment code issued after an identity
-- check by someone else (another administrator, or the desk through the command line). The
-- ceremony keeps how it was authorised, for the record of the credential it creates.
alter table webauthn_ceremony add column enrolment varchar(300);

-- One-time enrolment codes: only a hash is kept (the code is shown once, to the issuer); a code is
-- redeemed once, by the person it was issued for, before it expires.
create table step_up_enrolment_code (
    id           bigserial     primary key,
    username     varchar(64)   not null,
    code_hash    char(64)      not null unique,
    issued_by    varchar(100)  not null,
    reason       varchar(1000) not null,
    issued_at    timestamptz   not null,
    expires_at   timestamptz   not null,
    redeemed_at  timestamptz,
    check (issued_by <> username)
);

create index step_up_enrolment_code_user on step_up_enrolment_code (username, issued_at);
