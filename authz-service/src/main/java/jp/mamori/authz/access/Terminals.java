package jp.mamori.authz.access;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import jp.mamori.authz.audit.AuditChain;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.authz.shared.Refusal;
import jp.mamori.authz.shared.Refusal.Fault;
import jp.mamori.policy.Enforces;
import jp.mamori.policy.Tier;
import org.springframework.dao.DuplicateKeyException;

/**
 * The terminal registry (MF-4, MF-2): each terminal's tier, section and the network ranges it
 * connects from; registered and retired by administrators, each step recorded.
 */
@Enforces(
    value = {"MF-4"},
    ja = "端末を登録し、接続元アドレスで識別する",
    en = "Registers terminals and recognises them by the address they connect from")
public class Terminals {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /** A literal IPv4 or IPv6 address: only such are looked at, never names (no DNS lookups). */
  static final Pattern ADDRESS = Pattern.compile("[0-9a-fA-F:.]+");

  /** A registered terminal. */
  public record Registered(
      String id,
      Tier tier,
      Optional<String> sectionCode,
      List<Network> networks,
      Instant registeredAt,
      String registeredBy,
      Optional<Instant> retiredAt) {

    public boolean active() {
      return retiredAt.isEmpty();
    }

    /** Whether {@code address} is inside one of the terminal's ranges. */
    public boolean connectsFrom(String address) {
      return networks.stream().anyMatch(n -> n.contains(address));
    }
  }

  /** An IPv4 or IPv6 range in CIDR notation ({@code 10.20.30.0/24}). */
  public record Network(byte[] base, int prefix, String text) {

    static Network parse(String text) {
      String[] parts = text.strip().split("/", 2);
      try {
        if (!ADDRESS.matcher(parts[0]).matches()) {
          throw new IllegalArgumentException(
              "networks: expected CIDR ranges such as 10.20.30.0/24, found " + text);
        }
        byte[] base = InetAddress.getByName(parts[0]).getAddress();
        int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : base.length * 8;
        if (prefix < 0 || prefix > base.length * 8) {
          throw new IllegalArgumentException(
              "networks: expected a prefix 0–" + base.length * 8 + ", found " + text);
        }
        return new Network(base, prefix, text.strip());
      } catch (UnknownHostException | NumberFormatException e) {
        throw new IllegalArgumentException(
            "networks: expected CIDR ranges such as 10.20.30.0/24, found " + text, e);
      }
    }

    boolean contains(String address) {
      byte[] a;
      try {
        if (address == null || !ADDRESS.matcher(address).matches()) {
          return false; // only literal addresses: no name lookups
        }
        a = InetAddress.getByName(address).getAddress();
      } catch (UnknownHostException e) {
        return false;
      }
      if (a.length != base.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (a[i] != base[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = 0xFF << (8 - rest) & 0xFF;
      return (a[full] & mask) == (base[full] & mask);
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** The request is not possible (409) or not valid (400). */
  public static final class Refused extends Refusal {
    private static final long serialVersionUID = 1L;

    Refused(Fault fault, String message) {
      super(
          fault,
          code(fault),
          new Bilingual("要求を受け付けられません", "the request cannot be accepted"),
          message);
    }

    private static String code(Fault fault) {
      return switch (fault) {
        case CONFLICT -> "TERMINAL_CONFLICT";
        case INVALID -> "TERMINAL_INVALID";
        default ->
            throw new IllegalArgumentException(
                "a terminal refusal: expected CONFLICT or INVALID; found " + fault);
      };
    }
  }

  /**
   * How long a looked-up terminal is trusted without reading the registry again. A registration or
   * retirement on this instance takes effect at once; on another instance sharing the database
   * within this time.
   */
  static final java.time.Duration CACHE_TTL = java.time.Duration.ofSeconds(30);

  private record Cached(Optional<Registered> terminal, Instant at) {}

  private final TerminalStore store;
  private final Clock clock;
  private final java.util.Map<String, Cached> cache =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final AuditLog audit;

  public Terminals(TerminalStore store, AuditLog audit, Clock clock) {
    this.store = store;
    this.audit = audit;
    this.clock = clock;
  }

  /** A terminal for an access decision: from a short-lived cache (see {@link #CACHE_TTL}). */
  public Optional<Registered> lookUp(String id) {
    Instant now = clock.instant();
    Cached cached = cache.get(id);
    if (cached != null && cached.at().plus(CACHE_TTL).isAfter(now)) {
      return cached.terminal();
    }
    Optional<Registered> found = find(id);
    cache.put(id, new Cached(found, now));
    return found;
  }

  /** Registers a terminal; an ID in use (even retired) is refused. */
  public Registered register(
      String id, Tier tier, Optional<String> section, List<String> networks, String actor) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new Refused(
          Fault.INVALID,
          "id: expected 1–64 letters, digits, '.', '_' or '-' (e.g. MN-K01-001), found " + id);
    }
    if (tier == null) {
      throw new Refused(
          Fault.INVALID, "tier: expected one of MYNUMBER, LGWAN, INTERNET, found nothing");
    }
    if (networks == null || networks.isEmpty()) {
      throw new Refused(
          Fault.INVALID,
          "networks: expected at least one CIDR range the terminal connects from (MF-4)");
    }
    List<Network> parsed = new ArrayList<>();
    try {
      networks.forEach(n -> parsed.add(Network.parse(n)));
    } catch (IllegalArgumentException e) {
      throw new Refused(Fault.INVALID, e.getMessage());
    }
    Instant now = clock.instant();
    try {
      recorded(
          () -> store.insert(id, tier, section, parsed, now, actor), id, "REGISTER", actor, null);
    } catch (DuplicateKeyException e) {
      throw new Refused(
          Fault.CONFLICT, "terminal " + id + " is registered already: retired IDs are not reused");
    }
    cache.remove(id);
    return find(id).orElseThrow();
  }

  /** Retires a terminal: it is refused from now on. */
  public Registered retire(String id, String actor, String reason) {
    if (reason == null || reason.isBlank()) {
      throw new Refused(
          Fault.INVALID, "reason: expected why the terminal is retired, found nothing");
    }
    recorded(
        () -> {
          int updated = store.retire(id, clock.instant(), actor, reason);
          if (updated == 0) {
            throw new Refused(
                Fault.CONFLICT, "terminal " + id + " is not registered or already retired");
          }
        },
        id,
        "RETIRE",
        actor,
        reason);
    cache.remove(id);
    return find(id).orElseThrow();
  }

  public Optional<Registered> find(String id) {
    return store.find(id);
  }

  public List<Registered> list() {
    return store.list();
  }

  /**
   * The change, its event and its audit record, in one transaction (AU-5): when the record cannot
   * be written the change is rolled back — a terminal is never registered or retired unrecorded.
   */
  private void recorded(Runnable change, String id, String action, String actor, String reason) {
    audit.recorded(
        () -> {
          change.run();
          return store.event(clock.instant(), id, action, actor, reason);
        },
        n ->
            new AuditChain.Entry(
                "TERMINAL_" + action,
                actor,
                "terminal/" + id,
                AuditLog.detail(java.util.Map.of("reason", reason == null ? "" : reason)),
                "MF-4 ZN-1"));
  }
}
