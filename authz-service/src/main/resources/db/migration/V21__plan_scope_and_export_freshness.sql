-- A plan may cover only some people (an administrator onboarding one mid-year joiner without
-- planning for everyone); null = everyone in the HR file. Each plan also records the HR export it
-- was made from — its SHA-256 and its modification time — so that a run on an export that has not
-- changed for longer than the policy allows raises an alert instead of staying silently green, and
-- the plan's warnings (such as that one) are kept with it.
alter table lifecycle_plan
    add column scope              text,
    add column source_sha256      char(64),
    add column source_modified_at timestamptz,
    add column warnings           text;
