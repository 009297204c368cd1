-- The closing of an inventory campaign is leased like every row that one instance at a time must
-- work on (RowLeases: claimed_by, claimed_until). claimed_at stays as the moment the closing was
-- taken; a closing taken before this migration keeps the lease it had (10 minutes).
alter table inventory_campaign add column claimed_until timestamptz;
update inventory_campaign set claimed_until = claimed_at + interval '10 minutes'
    where claimed_at is not null;
