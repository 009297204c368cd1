-- ID inventories (棚卸, LC-3): a campaign lists every personal ID in the directory and Keycloak
-- with its sections and state next to what HR says; each section head confirms their staff's IDs
-- (or says they are no longer needed) by the deadline; at the deadline IDs not confirmed, and those
-- no longer needed, are suspended in both. The results are kept.
create table inventory_campaign (
    id              bigserial     primary key,
    title           varchar(200)  not null,
    started_by      varchar(100)  not null,
    started_at      timestamptz   not null,
    deadline        timestamptz   not null,
    hr_source       varchar(1000) not null,
    status          varchar(20)   not null check (status in ('OPEN', 'CLOSING', 'CLOSED')),
    claimed_by      varchar(200),
    claimed_at      timestamptz,
    closed_at       timestamptz
);

create table inventory_item (
    campaign_id     bigint        not null references inventory_campaign (id),
    person_key      varchar(200)  not null,
    username        varchar(100)  not null,
    employee_number varchar(20)   not null,
    full_name       varchar(200)  not null,
    sections        varchar(500)  not null,
    accounts        varchar(2000) not null,
    hr_summary      varchar(500)  not null,
    findings        varchar(500)  not null,
    decision        varchar(20)   check (decision in ('CONFIRMED', 'NOT_NEEDED')),
    decided_by      varchar(100),
    decided_at      timestamptz,
    note            varchar(2000),
    outcome         varchar(30),
    outcome_at      timestamptz,
    outcome_detail  varchar(2000),
    primary key (campaign_id, person_key)
);

create index inventory_item_sections on inventory_item (campaign_id, sections);
