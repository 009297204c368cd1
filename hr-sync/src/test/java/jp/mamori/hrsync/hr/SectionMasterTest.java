package jp.mamori.hrsync.hr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The section master file (GV-7): read in UTF-8 or CP932; a broken one is refused by line. */
class SectionMasterTest {

  @TempDir Path dir;

  @Test
  void loadWhenUtf8WithBomOrCp932ThenSectionsByCode() throws Exception {
    Path utf8 = dir.resolve("sections-utf8.csv");
    Files.write(
        utf8, ("\uFEFF所属名,所属コード,備考\n市民課,K01,\n髙﨑出張所,T01,支所\n").getBytes(StandardCharsets.UTF_8));
    Path sjis = dir.resolve("sections-sjis.csv");
    Files.write(sjis, "所属コード,所属名\r\nT01,髙﨑出張所\r\n".getBytes(Charset.forName("windows-31j")));

    SectionMaster master = SectionMaster.load(utf8);

    assertThat(master.size()).isEqualTo(2);
    assertThat(master.find("T01")).map(SectionMaster.Section::name).hasValue("髙﨑出張所");
    assertThat(master.find("X99")).isEmpty();
    assertThat(SectionMaster.load(sjis).find("T01"))
        .map(SectionMaster.Section::name)
        .hasValue("髙﨑出張所");
  }

  @Test
  void loadWhenBrokenThenRefusedNamingTheLine() throws Exception {
    assertThatThrownBy(() -> SectionMaster.load(write("所属コード,所属名\nK01,市民課\nK01,市民課\n")))
        .isInstanceOf(HrFileException.class)
        .hasMessageContaining("line 3")
        .hasMessageContaining("first on line 2");
    assertThatThrownBy(() -> SectionMaster.load(write("所属コード,所属名\n,市民課\n")))
        .hasMessageContaining("line 2")
        .hasMessageContaining("expected a section code and a section name");
    assertThatThrownBy(() -> SectionMaster.load(write("コード,名前\nK01,市民課\n")))
        .hasMessageContaining("expected the header columns 所属コード and 所属名");
    assertThatThrownBy(() -> SectionMaster.load(write("所属コード,所属名\n")))
        .hasMessageContaining("lists no section");
  }

  @Test
  void readWhenSectionCodeIsNotInTheMasterThenRowRejectedNamingColumnValueAndMaster()
      throws Exception {
    SectionMaster master =
        SectionMaster.of(
            Path.of("sections.csv"),
            java.util.List.of(
                new SectionMaster.Section("K01", "市民課"), new SectionMaster.Section("F01", "福祉課")));
    Path hr =
        write(
            "職員番号,氏名,カナ,所属コード,所属名,職名,雇用区分,在籍区分,発令日,契約終了日\n"
                + "20001,佐藤 花子,サトウ ハナコ,K01,市民課,主事,01,01,2026-04-01,\n"
                + "20002,鈴木 次郎,スズキ ジロウ,K0l,市民課,主事,01,01,2026-04-01,\n");
    HrCsvReader reader = new HrCsvReader(HrColumnMapping.japaneseDefaults(), HrEncoding.AUTO);

    HrFile read = reader.withSections(master).read(hr);

    assertThat(read.records()).extracting(StaffRecord::employeeNumber).containsExactly("20001");
    assertThat(read.rejectedEmployees()).containsExactly("20002");
    assertThat(read.problems())
        .singleElement()
        .satisfies(p -> {
          assertThat(p.line()).isEqualTo(3);
          assertThat(p.column()).isEqualTo("所属コード");
          assertThat(p.value()).isEqualTo("K0l");
          assertThat(p.expected()).contains("所属マスタ sections.csv", "section master");
        });
    assertThat(reader.read(hr).problems()).as("without a master, codes are not checked").isEmpty();
  }

  private Path write(String text) throws Exception {
    Path file = Files.createTempFile(dir, "sections-", ".csv");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }
}
