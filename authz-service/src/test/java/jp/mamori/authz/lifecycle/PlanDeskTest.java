package jp.mamori.authz.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.mamori.hrsync.hr.EmploymentStatus;
import jp.mamori.hrsync.hr.EmploymentType;
import jp.mamori.hrsync.hr.StaffRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's desk refuses an upload before anything is planned: empty, larger than allowed (as
 * declared or as read), and keeps a refused file nowhere; a stored upload gets a harmless name. The
 * section of each action is the person's main post in effect.
 */
class PlanDeskTest {

  @TempDir Path uploads;

  private final Clock clock = Clock.fixed(Instant.parse("2027-04-01T00:00:00Z"), ZoneId.of("UTC"));

  /** A desk whose planning is never reached: refusals come first. */
  private PlanDesk desk() {
    return new PlanDesk(null, null, null, clock, uploads.resolve("configured.csv"), uploads, 1024);
  }

  private static PlanDesk.Source.Uploaded upload(String name, long declared, int actual) {
    return new PlanDesk.Source.Uploaded(name, declared, new ByteArrayInputStream(new byte[actual]));
  }

  @Test
  void uploadWhenLargerThanAllowedThenRefusedNamingTheFileAndTheLimit() {
    assertThatThrownBy(() -> desk().plan(upload("人事202704.csv", 2048, 2048), Set.of(), "admin"))
        .isInstanceOf(PlanDesk.UploadRefused.class)
        .hasMessageContaining("人事202704.csv")
        .hasMessageContaining("expected at most 1024 bytes; found 2048");
  }

  @Test
  void uploadWhenLargerThanDeclaredThenRefusedAndNotKept() throws Exception {
    assertThatThrownBy(() -> desk().plan(upload("export.csv", 10, 4096), Set.of(), "admin"))
        .isInstanceOf(PlanDesk.UploadRefused.class)
        .hasMessageContaining("export.csv");
    try (var files = Files.list(uploads)) {
      assertThat(files).as("nothing kept of a refused upload").isEmpty();
    }
  }

  @Test
  void uploadWhenEmptyThenRefused() {
    assertThatThrownBy(() -> desk().plan(upload("empty.csv", 0, 0), Set.of(), "admin"))
        .isInstanceOf(PlanDesk.UploadRefused.class)
        .hasMessageContaining("empty.csv")
        .hasMessageContaining("空のファイル");
  }

  @Test
  void safeWhenPathsOrOtherCharactersThenOnlyTheNameInPlainCharacters() {
    assertThat(PlanDesk.safe("../../etc/passwd")).isEqualTo("passwd");
    assertThat(PlanDesk.safe("C:\\Users\\tanaka\\人事 2027.csv")).isEqualTo("___2027.csv");
    assertThat(PlanDesk.safe("..")).isEqualTo("upload.csv");
    assertThat(PlanDesk.safe("x".repeat(200) + ".csv")).hasSize(80).endsWith(".csv");
  }

  private static StaffRecord post(String number, String code, LocalDate from, boolean concurrent) {
    return new StaffRecord(
        number,
        "試験 太郎",
        "シケン タロウ",
        code,
        code + "課",
        "主事",
        EmploymentType.REGULAR,
        EmploymentStatus.ACTIVE,
        from,
        Optional.empty(),
        concurrent);
  }

  @Test
  void sectionsWhenSeveralPostsThenTheMainPostInEffectElseTheNextOne() {
    LocalDate today = LocalDate.of(2027, 4, 1);
    Map<String, String> sections =
        MainSections.of(
            List.of(
                post("10001", "K01", LocalDate.of(2024, 4, 1), false),
                post("10001", "K02", LocalDate.of(2027, 4, 1), false), // moved today
                post("10001", "Z01", LocalDate.of(2027, 4, 1), true), // 兼務: not the main post
                post("10002", "A01", LocalDate.of(2027, 5, 1), false), // joins next month
                post("10002", "D01", LocalDate.of(2027, 6, 1), false)),
            today);
    assertThat(sections)
        .containsExactlyInAnyOrderEntriesOf(Map.of("10001", "K02 K02課", "10002", "A01 A01課"));
  }
}
