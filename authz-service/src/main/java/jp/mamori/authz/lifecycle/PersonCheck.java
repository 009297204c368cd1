package jp.mamori.authz.lifecycle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.hrsync.hr.StaffRecord;
import jp.mamori.hrsync.reconcile.Plan;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.Reason;
import jp.mamori.hrsync.reconcile.Situation;
import jp.mamori.hrsync.reconcile.StopReason;
import jp.mamori.hrsync.reconcile.TargetAccount;
import jp.mamori.policy.Enforces;

/**
 * Rehire or a reused number (LC-1, LC-6). Re-employment restores the leaver's account by 職員番号 —
 * with its groups, My Number access and keys. If a number were ever given to another person, the
 * newcomer would inherit all of that. So before an account of someone who left is restored, or a
 * number that was bound to someone is given a new account, the HR record is compared with the
 * person the number was last bound to: the HR system's person ID where the export has one, else the
 * birth date, else the kana reading of the name. A different person, or one that cannot be told,
 * gets nothing: every change for them is replaced by a report asking a person to check, until an
 * administrator confirms the person ({@link #confirm}) or HR gives the newcomer a number of their
 * own.
 */
@Enforces(
    value = {"LC-1", "LC-6"},
    ja = "再雇用と番号の再利用を区別し、別人の可能性があればアカウントを復元・作成せず確認を求める",
    en =
        "Tells a rehire from a reused employee number; when it may be another person nothing is restored or created and a person is asked")
final class PersonCheck {

  /** The evidence of who a number belongs to. */
  record Identity(
      Optional<String> personIdSha256,
      Optional<String> birthDateSha256,
      String fullNameKana,
      String fullName) {

    static Identity of(StaffRecord r) {
      return new Identity(
          r.personId().map(id -> sha256("person-id:" + id)),
          r.birthDate().map(d -> sha256("birth-date:" + d)),
          r.fullNameKana(),
          r.fullName());
    }
  }

  private static final Set<StopReason> DEPARTED =
      Set.of(StopReason.RETIRED, StopReason.CONTRACT_ENDED);

  private final PersonIdentityStore store;
  private final Clock clock;

  PersonCheck(PersonIdentityStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * The plan with every change for a person who may not be the number's previous holder replaced by
   * one report per target; the people in doubt are returned with it.
   */
  Vetted vet(Plan plan, List<StaffRecord> records, List<TargetAccount> accounts) {
    Map<String, StaffRecord> hr = mainRows(records);
    Map<String, TargetAccount> byId = new HashMap<>();
    accounts.forEach(a -> byId.put(a.target() + ":" + a.id(), a));
    Set<String> asked = new LinkedHashSet<>();
    Map<String, TargetAccount> departed = new HashMap<>();
    for (PlannedAction action : plan.actions()) {
      switch (action) {
        case PlannedAction.Restore r -> {
          TargetAccount account = byId.get(r.target() + ":" + r.accountId());
          if (account != null && account.stopReason().filter(DEPARTED::contains).isPresent()) {
            asked.add(r.employeeNumber());
            departed.putIfAbsent(r.employeeNumber(), account);
          }
        }
        case PlannedAction.Create c -> asked.add(c.employeeNumber());
        default -> {}
      }
    }
    if (asked.isEmpty()) {
      return new Vetted(plan, Set.of());
    }
    Map<String, Identity> known = store.known(asked);
    Map<String, Bilingual> doubts = new LinkedHashMap<>();
    for (String number : asked) {
      StaffRecord record = hr.get(number);
      if (record == null) {
        continue;
      }
      Optional<Identity> before =
          Optional.ofNullable(known.get(number))
              .or(() ->
                  Optional.ofNullable(departed.get(number))
                      .map(
                          a -> new Identity(Optional.empty(), Optional.empty(), "", a.fullName())));
      before
          .flatMap(b -> doubt(number, b, Identity.of(record)))
          .ifPresent(d -> doubts.put(number, d));
    }
    if (doubts.isEmpty()) {
      return new Vetted(plan, Set.of());
    }
    List<PlannedAction> vetted = new ArrayList<>();
    Set<String> reported = new LinkedHashSet<>();
    for (PlannedAction action : plan.actions()) {
      Bilingual doubt = doubts.get(action.employeeNumber());
      if (doubt == null || !action.changes()) {
        vetted.add(action);
      } else if (reported.add(action.target() + ":" + action.employeeNumber())) {
        vetted.add(
            new PlannedAction.Report(
                action.target(),
                action.employeeNumber(),
                accountId(action),
                Situation.DISPUTED,
                Reason.of(doubt.ja(), doubt.en(), "LC-1", "LC-6")));
      }
    }
    return new Vetted(
        new Plan(
            plan.today(),
            plan.source(),
            plan.hrRows(),
            plan.rejectedRows(),
            vetted,
            plan.verdict(),
            plan.warnings()),
        doubts.keySet());
  }

  /** A plan after the check, and the people it found in doubt. */
  record Vetted(Plan plan, Set<String> inDoubt) {}

  /**
   * Records who each number in {@code records} is bound to now (after an apply), except the people
   * in doubt: their number stays bound to the previous holder until confirmed.
   */
  void record(List<StaffRecord> records, LocalDate today, Set<String> inDoubt) {
    Map<String, StaffRecord> hr = mainRows(records);
    hr.keySet().removeAll(inDoubt);
    hr.values().removeIf(r -> r.effectiveDate().isAfter(today));
    if (hr.isEmpty()) {
      return;
    }
    Map<String, Identity> identities = new LinkedHashMap<>();
    hr.values().forEach(r -> identities.put(r.employeeNumber(), Identity.of(r)));
    store.record(identities, clock.instant());
  }

  /**
   * An administrator confirms that the HR record of {@code employeeNumber} is the person the number
   * was bound to (a rehire whose name changed, say): the number is bound to the record as it is
   * now, and the next plan restores the account.
   */
  void confirm(StaffRecord record, String by) {
    store.confirm(record.employeeNumber(), Identity.of(record), clock.instant(), by);
  }

  private static Optional<Bilingual> doubt(String number, Identity before, Identity now) {
    if (before.personIdSha256().isPresent() && now.personIdSha256().isPresent()) {
      return before.personIdSha256().equals(now.personIdSha256())
          ? Optional.empty()
          : Optional.of(different(number, new Bilingual("個人ID", "person ID")));
    }
    if (before.birthDateSha256().isPresent() && now.birthDateSha256().isPresent()) {
      return before.birthDateSha256().equals(now.birthDateSha256())
          ? Optional.empty()
          : Optional.of(different(number, new Bilingual("生年月日", "birth date")));
    }
    boolean sameName =
        before.fullNameKana().isEmpty()
            ? normal(before.fullName()).equals(normal(now.fullName()))
            : normal(before.fullNameKana()).equals(normal(now.fullNameKana()));
    if (sameName) {
      return Optional.empty();
    }
    return Optional.of(
        new Bilingual(
            "職員番号 "
                + number
                + " の以前の利用者 ("
                + before.fullName()
                + ") と人事データの氏名 ("
                + now.fullName()
                + ") が異なり、個人IDも生年月日もないため同一人物と確認できません。アカウントの復元・作成は行いません。"
                + "人事課に確認し、同一人物なら confirm-person で確認を記録してください。別人なら新しい職員番号が必要です",
            "employee number "
                + number
                + " was last held by someone named differently, and the export has no person ID or"
                + " birth date to tell: the account is neither restored nor created. Check with HR;"
                + " if it is the same person, record it with confirm-person, otherwise the newcomer"
                + " needs a number of their own"));
  }

  /** Why a person is in doubt: {@code field} tells the previous holder from the newcomer. */
  private static Bilingual different(String number, Bilingual field) {
    return new Bilingual(
        "職員番号 "
            + number
            + " の以前の利用者と人事データの人物は"
            + field.ja()
            + "が異なり、別人です (番号の再利用)。以前の利用者の権限・マイナンバー系の利用・認証器を引き継がないよう、"
            + "アカウントの復元・作成は行いません。人事課に新しい職員番号の発行を依頼してください",
        "employee number "
            + number
            + " was held by another person (the "
            + field.en()
            + " differs): a reused number. Nothing is restored or created, so the newcomer does"
            + " not inherit the previous holder's groups, My Number access or keys; ask HR for a"
            + " number of their own");
  }

  /** Each person's main post (本務), as the planner takes it. */
  private static Map<String, StaffRecord> mainRows(List<StaffRecord> records) {
    Map<String, StaffRecord> main = new LinkedHashMap<>();
    for (StaffRecord r : records) {
      StaffRecord seen = main.get(r.employeeNumber());
      if (seen == null || (seen.concurrentPost() && !r.concurrentPost())) {
        main.put(r.employeeNumber(), r);
      }
    }
    return main;
  }

  private static String accountId(PlannedAction action) {
    return switch (action) {
      case PlannedAction.Restore r -> r.accountId();
      case PlannedAction.ChangeSections c -> c.accountId();
      case PlannedAction.Rename r -> r.accountId();
      case PlannedAction.UpdateProfile u -> u.accountId();
      case PlannedAction.Suspend s -> s.accountId();
      case PlannedAction.Disable d -> d.accountId();
      case PlannedAction.Delete d -> d.accountId();
      case PlannedAction.Report r -> r.accountId();
      default -> "";
    };
  }

  private static String normal(String name) {
    return name.replace('\u3000', ' ').replaceAll("\\s+", "");
  }

  static String sha256(String value) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
