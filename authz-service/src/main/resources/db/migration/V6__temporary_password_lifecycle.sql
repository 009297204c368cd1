-- PW-4: a temporary password's whole life, never the password itself: for whom (also accounts
-- onboarded by the lifecycle run, which have no staff_account row), who issued it and how it was
-- handed over, when it expires unused, and how it ended: USED (changed at the first login),
-- EXPIRED (withdrawn unused), SUPERSEDED (another was issued), FAILED (Keycloak refused it: it
-- was never in force). The row is written before Keycloak is asked, so no password is ever set
-- without a record.
alter table temporary_password_issue
    drop constraint temporary_password_issue_employee_number_fkey;

-- the Keycloak username (職員番号 for staff, longer for other accounts)
alter table temporary_password_issue
    alter column employee_number type varchar(64);

alter table temporary_password_issue
    add column keycloak_user_id varchar(64),
    add column expires_at       timestamptz,
    add column password_set_at  timestamptz,
    add column outcome          varchar(20) not null default 'OUTSTANDING',
    add column ended_at         timestamptz;

create index temporary_password_outstanding
    on temporary_password_issue (expires_at) where outcome = 'OUTSTANDING';
