-- Who each 職員番号 was last bound to, so that a re-employed person is told from a newcomer given a
-- reused number (an account is restored, or a number's account created again, only for the same
-- person). Evidence as the HR export gives it: its own person ID and the birth date are kept only
-- as SHA-256 digests; the kana reading and the name as HR spelt them. Written after each apply for
-- the people not in doubt, and when an administrator confirms a person (recorded in the audit log).
create table person_identity (
    employee_number   varchar(20)  primary key,
    person_id_sha256  char(64),
    birth_date_sha256 char(64),
    full_name_kana    varchar(200) not null,
    full_name         varchar(200) not null,
    recorded_at       timestamptz  not null,
    recorded_by       varchar(100) not null
);
