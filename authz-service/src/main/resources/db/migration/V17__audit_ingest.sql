-- Keycloak's login events taken into the audit log (AU-1): where each source's ingestion stands.
-- The row is locked while a batch is appended, so that one instance takes each event once; the IDs
-- of the events at the watermark's millisecond are kept to skip them when that millisecond is read
-- again.
create table audit_ingest (
    source          varchar(200)  primary key,
    watermark       timestamptz   not null,
    ids_at_watermark text         not null
);
