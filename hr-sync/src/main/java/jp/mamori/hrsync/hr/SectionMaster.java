package jp.mamori.hrsync.hr;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The section master (所属マスタ): the sections that exist, by code. With it, an HR row whose 所属コード is
 * not a known section is rejected like any other invalid row (GV-7) — a typo in a code would
 * otherwise create a section group nobody asked for and move the person out of their own.
 *
 * <p>The file is a CSV with the header {@code 所属コード,所属名} (other columns are ignored), in UTF-8
 * (with or without BOM) or Shift_JIS (CP932), one section per row.
 */
public final class SectionMaster {

  /** One section. */
  public record Section(String code, String name) {}

  private static final Charset CP932 = Charset.forName("windows-31j");

  private final Path file;
  private final Map<String, Section> byCode;

  private SectionMaster(Path file, Map<String, Section> byCode) {
    this.file = file;
    this.byCode = Map.copyOf(byCode);
  }

  /** A master of these sections (tests, a master held elsewhere). */
  public static SectionMaster of(Path file, List<Section> sections) {
    Map<String, Section> byCode = new LinkedHashMap<>();
    sections.forEach(s -> byCode.put(s.code(), s));
    return new SectionMaster(file, byCode);
  }

  /**
   * Reads the master.
   *
   * @throws HrFileException naming the file and line if it cannot be read, has no {@code
   *     所属コード}/{@code 所属名} header, a blank or repeated code, or no section at all
   */
  public static SectionMaster load(Path file) throws HrFileException {
    String text;
    try {
      text = decode(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new HrFileException(file, "所属マスタを読めません / cannot read the section master: " + e, e);
    }
    CsvParser parser = new CsvParser(text);
    if (!parser.hasNext()) {
      throw new HrFileException(
          file, "所属マスタが空です / the section master is empty: expected the header 所属コード,所属名");
    }
    List<String> header = parser.next().fields().stream().map(String::strip).toList();
    int code = header.indexOf("所属コード");
    int name = header.indexOf("所属名");
    if (code < 0 || name < 0) {
      throw new HrFileException(
          file,
          "line 1: 所属マスタの見出しに 所属コード と 所属名 が必要です / expected the header columns 所属コード and"
              + " 所属名, found "
              + header);
    }
    Map<String, Section> byCode = new LinkedHashMap<>();
    Map<String, Long> lineOf = new LinkedHashMap<>();
    while (parser.hasNext()) {
      CsvParser.Row row = parser.next();
      if (row.isBlank()) {
        continue;
      }
      if (row.malformation().isPresent()
          || row.fields().size() <= Math.max(code, name)
          || row.fields().get(code).isBlank()
          || row.fields().get(name).isBlank()) {
        throw new HrFileException(
            file,
            "line "
                + row.line()
                + ": 所属コードと所属名が必要です / expected a section code and a section name, found "
                + row.fields());
      }
      String c = row.fields().get(code).strip();
      if (byCode.containsKey(c)) {
        throw new HrFileException(
            file,
            "line "
                + row.line()
                + ": 所属コード "
                + c
                + " が重複しています (line "
                + lineOf.get(c)
                + ") / section code "
                + c
                + " again, first on line "
                + lineOf.get(c));
      }
      byCode.put(c, new Section(c, row.fields().get(name).strip()));
      lineOf.put(c, row.line());
    }
    if (byCode.isEmpty()) {
      throw new HrFileException(file, "所属マスタに所属がありません / the section master lists no section");
    }
    return new SectionMaster(file, byCode);
  }

  public Optional<Section> find(String code) {
    return Optional.ofNullable(byCode.get(code));
  }

  public int size() {
    return byCode.size();
  }

  /** What a row's code must be, for a row problem. */
  String expected() {
    return "所属マスタ "
        + file.getFileName()
        + " にある所属コード ("
        + byCode.size()
        + " 件) / a section code of the section master "
        + file.getFileName();
  }

  private static String decode(byte[] bytes) throws IOException {
    int start =
        bytes.length >= 3
                && (bytes[0] & 0xff) == 0xef
                && (bytes[1] & 0xff) == 0xbb
                && (bytes[2] & 0xff) == 0xbf
            ? 3
            : 0;
    ByteBuffer buffer = ByteBuffer.wrap(bytes, start, bytes.length - start);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(buffer)
          .toString();
    } catch (CharacterCodingException notUtf8) {
      return CP932
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    }
  }

  @Override
  public String toString() {
    return "SectionMaster[" + file.getFileName() + ", " + byCode.size() + " sections]";
  }
}
