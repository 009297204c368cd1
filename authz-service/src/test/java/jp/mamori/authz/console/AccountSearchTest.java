package jp.mamori.authz.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jp.mamori.authz.console.AccountRow.AccountState;
import jp.mamori.authz.lifecycle.LifecycleQueries.Person;
import jp.mamori.authz.lifecycle.LifecycleQueries.TargetId;
import org.junit.jupiter.api.Test;

class AccountSearchTest {

  private static final Instant AT = Instant.parse("2027-04-01T00:00:00Z");

  private static Person person(String number, String name, String kana, String code, String sec) {
    return new Person(number, number, name, kana, code, sec, AT);
  }

  private static TargetId id(String target, String number, String status) {
    return new TargetId(
        target,
        target + "-" + number,
        number,
        number,
        "x",
        "PERSONAL",
        status.equals("ACTIVE") ? "ENABLED" : "DISABLED",
        null,
        LocalDate.of(2027, 4, 1),
        null,
        status,
        status,
        status);
  }

  private final List<AccountRow> rows =
      AccountSearch.rows(
          List.of(
              person("100001", "山田 太郎", "ヤマダ タロウ", "K01", "市民課"),
              person("100002", "佐藤 花子", "サトウ ハナコ", "K02", "税務課"),
              person("100003", "山田 次郎", "ヤマダ ジロウ", "K02", "税務課")),
          List.of(
              id("IDENTITY_PROVIDER", "100001", "ACTIVE"),
              id("DIRECTORY", "100001", "ACTIVE"),
              id("IDENTITY_PROVIDER", "100002", "LOCKED"),
              id("DIRECTORY", "100002", "SUSPENDED"),
              id("IDENTITY_PROVIDER", "100003", "DORMANT"),
              id("IDENTITY_PROVIDER", "900001", "DISABLED"), // in a target, not in the register
              id("IDENTITY_PROVIDER", "", "DISABLED")), // nobody's: not listed
          Set.of("100001"));

  private List<String> numbers(String q, Set<AccountState> states) {
    return AccountSearch.search(rows, q, states, 1).rows().stream()
        .map(AccountRow::employeeNumber)
        .toList();
  }

  @Test
  void rowsWhenJoinedThenEachPersonWithTheirIdsAndStates() {
    assertThat(rows)
        .extracting(AccountRow::employeeNumber)
        .containsExactly("100001", "100002", "100003", "900001");
    AccountRow sato = rows.get(1);
    assertThat(sato.ids()).hasSize(2);
    assertThat(sato.stateList()).containsExactly(AccountState.LOCKED, AccountState.SUSPENDED);
    assertThat(rows.get(0).stateList()).containsExactly(AccountState.TEMPORARY_PASSWORD);
    assertThat(rows.get(3).section()).isEmpty();
    assertThat(rows.get(3).stateList()).containsExactly(AccountState.DISABLED);
  }

  @Test
  void searchWhenNameKanaNumberOrSectionThenMatches() {
    assertThat(numbers("山田", Set.of())).containsExactly("100001", "100003");
    assertThat(numbers("ヤマダ", Set.of())).containsExactly("100001", "100003");
    assertThat(numbers("やまだ", Set.of()))
        .as("hiragana finds katakana")
        .containsExactly("100001", "100003");
    assertThat(numbers("１００００２", Set.of())).as("全角 digits").containsExactly("100002");
    assertThat(numbers("税務課", Set.of())).containsExactly("100002", "100003");
    assertThat(numbers("k01", Set.of())).as("section code, any case").containsExactly("100001");
    assertThat(numbers("山田太郎", Set.of())).as("spaces in names ignored").containsExactly("100001");
  }

  @Test
  void searchWhenSeveralWordsThenEveryWordMustMatch() {
    assertThat(numbers("山田 税務課", Set.of())).containsExactly("100003");
    assertThat(numbers("山田　市民課", Set.of())).as("全角 space").containsExactly("100001");
    assertThat(numbers("山田 総務課", Set.of())).isEmpty();
  }

  @Test
  void filterWhenStatesThenAnyOfThem() {
    assertThat(numbers("", Set.of(AccountState.LOCKED))).containsExactly("100002");
    assertThat(numbers("", Set.of(AccountState.DORMANT))).containsExactly("100003");
    assertThat(numbers("", Set.of(AccountState.TEMPORARY_PASSWORD))).containsExactly("100001");
    assertThat(numbers("", Set.of(AccountState.DISABLED))).containsExactly("900001");
    assertThat(numbers("", Set.of(AccountState.SUSPENDED, AccountState.DORMANT)))
        .containsExactly("100002", "100003");
    assertThat(numbers("山田", Set.of(AccountState.DORMANT))).containsExactly("100003");
    assertThat(numbers("", Set.of())).hasSize(4);
  }

  @Test
  void searchWhenManyThenFiftyAPageInOrder() {
    List<Person> many = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      many.add(person(String.format("2%05d", i), "職員" + i, "ショクイン", "K09", "総務課"));
    }
    List<AccountRow> all = AccountSearch.rows(many, List.of(), Set.of());
    AccountSearch.Result third = AccountSearch.search(all, "総務課", Set.of(), 3);
    assertThat(third.paging().total()).isEqualTo(120);
    assertThat(third.rows()).hasSize(20);
    assertThat(third.rows().getFirst().employeeNumber()).isEqualTo("200100");
    AccountSearch.Result beyond = AccountSearch.search(all, "総務課", Set.of(), 9);
    assertThat(beyond.paging().page()).isEqualTo(3);
    assertThat(AccountSearch.search(all, "", Set.of(), 1).rows()).hasSize(50);
  }

  @Test
  void normalWhenFullWidthHiraganaAndCaseThenOneForm() {
    assertThat(AccountSearch.normal("Ｋ０１ やまだ　タロウ")).isEqualTo("k01ヤマダタロウ");
  }
}
