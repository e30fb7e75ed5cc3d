-- Same as migrations/sqlite/0005_trust.sql, in PostgreSQL types.
-- Trust (issue 15): reporters' identities sealed, token hashes keyed with
-- the server secret (src/keys.rs), sign-in failures counted per address.

-- The reporter's name, contact and address and the witnesses, as one value
-- sealed with the server key (XChaCha20-Poly1305, the report id as
-- associated data). The plain columns stay empty; rows written before this
-- migration keep their identity there, with `sealed` NULL, until the
-- server's next start seals them and empties the columns (and strips the
-- witnesses from every stored version of the finding).
ALTER TABLE reporters ADD COLUMN sealed BYTEA;
-- What coordinators see without opening it: whether a contact was given
-- (the formal checklist), and how many witnesses were named.
ALTER TABLE reporters ADD COLUMN has_contact BIGINT NOT NULL DEFAULT 0;
ALTER TABLE reporters ADD COLUMN witnesses BIGINT NOT NULL DEFAULT 0;
CREATE INDEX reporters_unsealed ON reporters (report_id) WHERE sealed IS NULL;

-- Which server secret this database belongs to: a value derived from it
-- (not the secret), so a start with another key is refused. Written on the
-- first start after this migration, in the transaction that turns the
-- older plain SHA-256 token hashes into keyed ones.
CREATE TABLE server_key (
    id         BIGINT PRIMARY KEY CHECK (id = 1),
    key_check  BYTEA NOT NULL,
    created_at BIGINT NOT NULL
);

-- Failed sign-ins of one account from one client address (an IPv4
-- address or an IPv6 /64): a stranger's failures lock out only the
-- stranger. `users.failed_logins`/`locked_until` stay as the slower
-- account-wide limit.
CREATE TABLE login_failures (
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    address      TEXT NOT NULL,
    failures     BIGINT NOT NULL,
    locked_until BIGINT NOT NULL,
    PRIMARY KEY (user_id, address)
);
