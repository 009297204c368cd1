package jp.mamori.authz.stepup;

import com.yubico.webauthn.data.ByteArray;
import com.yubico.webauthn.data.exception.Base64UrlException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.mamori.webauthn.AuthenticatorEvents;
import jp.mamori.webauthn.BackupFlags;
import jp.mamori.webauthn.CeremonyStore;
import jp.mamori.webauthn.CredentialStore;
import jp.mamori.webauthn.PendingCeremony;
import jp.mamori.webauthn.StoredCredential;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The relying party's credentials, ceremonies and events in PostgreSQL (V11; backup flags V23),
 * shared by every instance: a ceremony is taken by one {@code delete … returning}, so a challenge
 * is answered once even when two instances receive the same response. Public for the revocation
 * benchmark, which registers keys to retire; features use {@link StepUpKeys}.
 */
public final class JdbcWebAuthnStores {

  private final JdbcClient jdbc;
  private final Clock clock;

  public JdbcWebAuthnStores(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  public CredentialStore credentials() {
    return new Credentials();
  }

  public CeremonyStore ceremonies() {
    return new Ceremonies();
  }

  public AuthenticatorEvents events() {
    return (kind, username, credentialId, detail) ->
        jdbc.sql(
                "insert into webauthn_event (at, username, credential_id, kind, detail)"
                    + " values (?, ?, ?, ?, ?)")
            .params(
                Timestamp.from(clock.instant()),
                username,
                credentialId.getBase64Url(),
                kind.name(),
                detail == null ? null : truncate(detail))
            .update();
  }

  /** The recorded events of one person, oldest first: kind and credential. */
  public List<String> eventsOf(String username) {
    return jdbc.sql("select kind, credential_id from webauthn_event where username = ? order by id")
        .param(username)
        .query((rs, n) -> rs.getString(1) + " " + rs.getString(2))
        .list();
  }

  private final class Credentials implements CredentialStore {
    private static final String COLUMNS =
        "c.credential_id, u.user_handle, c.username, c.public_key, c.sign_count, c.aaguid,"
            + " c.state, c.label, c.registered_at, c.backup_eligible, c.backup_state";

    @Override
    public Optional<StoredCredential> find(ByteArray credentialId) {
      return jdbc.sql(
              "select "
                  + COLUMNS
                  + " from webauthn_credential c join webauthn_user u using (username)"
                  + " where c.credential_id = ?")
          .param(credentialId.getBase64Url())
          .query((rs, n) -> credential(rs))
          .optional();
    }

    @Override
    public List<StoredCredential> ofUser(String username) {
      return jdbc.sql(
              "select "
                  + COLUMNS
                  + " from webauthn_credential c join webauthn_user u using (username)"
                  + " where c.username = ? order by c.registered_at, c.credential_id")
          .param(username)
          .query((rs, n) -> credential(rs))
          .list();
    }

    @Override
    public Optional<ByteArray> userHandle(String username) {
      return jdbc.sql("select user_handle from webauthn_user where username = ?")
          .param(username)
          .query((rs, n) -> base64(rs.getString(1)))
          .optional();
    }

    @Override
    public void add(StoredCredential c) {
      jdbc.sql(
              "insert into webauthn_user (username, user_handle) values (?, ?)"
                  + " on conflict (username) do nothing")
          .params(c.username(), c.userHandle().getBase64Url())
          .update();
      ByteArray handle = userHandle(c.username()).orElseThrow();
      if (!handle.equals(c.userHandle())) {
        throw new IllegalArgumentException(
            "credential for "
                + c.username()
                + ": expected the person's user handle, found another one");
      }
      jdbc.sql(
              "insert into webauthn_credential (credential_id, username, public_key, sign_count,"
                  + " aaguid, state, label, registered_at, backup_eligible, backup_state)"
                  + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
          .params(
              c.credentialId().getBase64Url(),
              c.username(),
              c.publicKeyCose().getBytes(),
              c.signCount(),
              c.aaguid().map(ByteArray::getHex).orElse(null),
              c.state().name(),
              c.label(),
              Timestamp.from(c.registeredAt()),
              c.backup().map(BackupFlags::eligible).orElse(null),
              c.backup().map(BackupFlags::backedUp).orElse(null))
          .update();
    }

    @Override
    public void used(ByteArray credentialId, long signCount, BackupFlags backup, Instant at) {
      // BE once recorded never changes (coalesce keeps it); BS is the one reported
      jdbc.sql(
              "update webauthn_credential set sign_count = greatest(sign_count, ?),"
                  + " backup_eligible = coalesce(backup_eligible, ?), backup_state = ?,"
                  + " last_used_at = ? where credential_id = ?")
          .params(
              signCount,
              backup.eligible(),
              backup.backedUp(),
              Timestamp.from(at),
              credentialId.getBase64Url())
          .update();
    }

    @Override
    public boolean setState(ByteArray credentialId, StoredCredential.State state, String reason) {
      return jdbc.sql(
                  "update webauthn_credential set state = ?, state_reason = ?"
                      + " where credential_id = ?")
              .params(state.name(), truncate(reason), credentialId.getBase64Url())
              .update()
          == 1;
    }
  }

  private final class Ceremonies implements CeremonyStore {
    @Override
    public void put(PendingCeremony c) {
      jdbc.sql(
              "insert into webauthn_ceremony (challenge, kind, username, request_json,"
                  + " operation_digest, expires_at, enrolment) values (?, ?, ?, ?, ?, ?, ?)")
          .params(
              c.challenge().getBase64Url(),
              c.kind().name(),
              c.username(),
              c.requestJson(),
              c.operationDigest().map(ByteArray::getBase64Url).orElse(null),
              Timestamp.from(c.expiresAt()),
              c.enrolment().orElse(null))
          .update();
    }

    @Override
    public Optional<PendingCeremony> take(ByteArray challenge) {
      return jdbc.sql(
              "delete from webauthn_ceremony where challenge = ?"
                  + " returning challenge, kind, username, request_json, operation_digest,"
                  + " expires_at, enrolment")
          .param(challenge.getBase64Url())
          .query((rs, n) ->
              new PendingCeremony(
                  base64(rs.getString(1)),
                  PendingCeremony.Kind.valueOf(rs.getString(2)),
                  rs.getString(3),
                  rs.getString(4),
                  Optional.ofNullable(rs.getString(5)).map(JdbcWebAuthnStores::base64),
                  rs.getTimestamp(6).toInstant(),
                  Optional.ofNullable(rs.getString(7))))
          .optional();
    }

    @Override
    public int purgeExpired(Instant now) {
      return jdbc.sql("delete from webauthn_ceremony where expires_at < ?")
          .param(Timestamp.from(now))
          .update();
    }
  }

  private static StoredCredential credential(ResultSet rs) throws SQLException {
    String aaguid = rs.getString(6);
    boolean eligible = rs.getBoolean(10);
    Optional<BackupFlags> backup =
        rs.wasNull() // recorded before V23: learnt at the next verified assertion
            ? Optional.empty()
            : Optional.of(new BackupFlags(eligible, rs.getBoolean(11)));
    return new StoredCredential(
        base64(rs.getString(1)),
        base64(rs.getString(2)),
        rs.getString(3),
        new ByteArray(rs.getBytes(4)),
        rs.getLong(5),
        Optional.ofNullable(aaguid).map(JdbcWebAuthnStores::hex),
        backup,
        StoredCredential.State.valueOf(rs.getString(7)),
        rs.getString(8),
        rs.getTimestamp(9).toInstant());
  }

  private static ByteArray base64(String value) {
    try {
      return ByteArray.fromBase64Url(value);
    } catch (Base64UrlException e) {
      throw new IllegalStateException(
          "webauthn tables: expected base64url, found a damaged value ("
              + value.length()
              + " chars)",
          e);
    }
  }

  private static ByteArray hex(String value) {
    try {
      return ByteArray.fromHex(value);
    } catch (com.yubico.webauthn.data.exception.HexException e) {
      throw new IllegalStateException(
          "webauthn_credential.aaguid: expected hex, found " + value, e);
    }
  }

  private static String truncate(String s) {
    return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
  }
}
