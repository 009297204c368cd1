-- Issue 3, daily run: each target's accounts as last read (IncrementalTarget), so that a daily run
-- reads only what changed. One row per target, replaced as a whole; the bytes are SnapshotCodec's
-- gzip (no credentials: IDs, names, sections, states). Losing a row costs one complete read.
create table target_snapshot (
    target        varchar(40)  primary key,
    snapshot      bytea        not null,
    accounts      integer      not null,
    mark          varchar(200) not null,
    complete_at   timestamptz  not null,
    saved_at      timestamptz  not null
);
