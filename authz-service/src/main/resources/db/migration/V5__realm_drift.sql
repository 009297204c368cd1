-- Policy drift (issue 4): a Keycloak realm setting found different from the policy, when it was
-- found, and when Mamori restored it. Rows are never updated except to set restored_at.
create table realm_drift (
    id              bigserial     primary key,
    detected_at     timestamptz   not null,
    detected_by     varchar(40)   not null,
    realm           varchar(200)  not null,
    setting         varchar(200)  not null,
    expected        varchar(2000) not null,
    found           varchar(2000) not null,
    requirement_ids varchar(200)  not null,
    restored_at     timestamptz
);

create index realm_drift_open on realm_drift (realm) where restored_at is null;
