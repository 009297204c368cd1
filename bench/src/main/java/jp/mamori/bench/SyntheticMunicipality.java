package jp.mamori.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes the HR export of a fictional municipality (GV-8: invented names only): {@code staff}
 * people in {@code sections} sections, mixed employment types, Japanese names with katakana
 * readings. Deterministic for a seed.
 */
public final class SyntheticMunicipality {

  private static final String[][] FAMILY = {
    {"佐藤", "サトウ"}, {"鈴木", "スズキ"}, {"高橋", "タカハシ"}, {"田中", "タナカ"}, {"伊藤", "イトウ"},
    {"渡辺", "ワタナベ"}, {"山本", "ヤマモト"}, {"中村", "ナカムラ"}, {"小林", "コバヤシ"}, {"加藤", "カトウ"},
    {"吉田", "ヨシダ"}, {"山田", "ヤマダ"}, {"佐々木", "ササキ"}, {"山口", "ヤマグチ"}, {"松本", "マツモト"},
    {"井上", "イノウエ"}, {"木村", "キムラ"}, {"林", "ハヤシ"}, {"斎藤", "サイトウ"}, {"清水", "シミズ"}
  };
  private static final String[][] GIVEN = {
    {"太郎", "タロウ"}, {"花子", "ハナコ"}, {"一郎", "イチロウ"}, {"美咲", "ミサキ"}, {"健", "ケン"},
    {"陽菜", "ヒナ"}, {"大輔", "ダイスケ"}, {"結衣", "ユイ"}, {"翔", "ショウ"}, {"さくら", "サクラ"},
    {"拓也", "タクヤ"}, {"愛", "アイ"}, {"誠", "マコト"}, {"葵", "アオイ"}, {"直樹", "ナオキ"}
  };

  private SyntheticMunicipality() {}

  /** The section code of section {@code i}: S001 … S300. */
  static String section(int i) {
    return String.format("S%03d", i + 1);
  }

  /** The employee number of person {@code i}: 7 digits from 1000000. */
  static String employeeNumber(int i) {
    return Integer.toString(1_000_000 + i);
  }

  public static Path write(Path file, int staff, int sections, long seed) throws IOException {
    Random random = new Random(seed);
    Files.createDirectories(file.getParent());
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("職員番号,氏名,カナ,所属コード,所属名,職名,雇用区分,在籍区分,発令日,契約終了日\n");
      for (int i = 0; i < staff; i++) {
        String[] family = FAMILY[random.nextInt(FAMILY.length)];
        String[] given = GIVEN[random.nextInt(GIVEN.length)];
        int type = random.nextInt(100);
        String employment =
            type < 70 ? "01" : type < 90 ? "02" : type < 96 ? "03" : type < 99 ? "04" : "05";
        String contractEnd =
            employment.equals("02") || employment.equals("04") || employment.equals("05")
                ? "2027-03-31"
                : "";
        int s = random.nextInt(sections);
        out.write(
            String.join(
                ",",
                employeeNumber(i),
                family[0] + " " + given[0],
                family[1] + " " + given[1],
                section(s),
                "第" + (s + 1) + "課",
                "主事",
                employment,
                "01",
                "2024-04-01",
                contractEnd));
        out.write('\n');
      }
    }
    return file;
  }
}
