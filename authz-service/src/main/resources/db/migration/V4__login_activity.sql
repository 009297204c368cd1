-- LC-3 dormant IDs: the last successful login per account, ingested from the targets' login
-- events (Keycloak keeps its events for a limited time; Mamori keeps the last login for as long
-- as the account exists), and since when each target's logins have been watched without a gap.
create table login_activity (
    target          varchar(40)   not null,
    account_id      varchar(400)  not null,
    last_login      timestamptz   not null,
    ip_address      varchar(100)  not null,
    primary key (target, account_id)
);

create table login_watch (
    target          varchar(40)   primary key,
    observed_since  timestamptz   not null,
    watermark       timestamptz   not null
);
