package jp.mamori.hrsync.hr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The HR export in JSON form: an array of objects whose keys are the same column names as the CSV
 * form (職員番号, 氏名, カナ, …, optionally 契約終了日 and 兼務). Every row check of {@link HrCsvReader} applies
 * unchanged: the objects are turned into CSV rows and read by it, so the two forms cannot drift
 * apart.
 *
 * <p>In problems, {@link HrRowProblem#line()} is the object's position in the array (1-based).
 */
public final class HrJsonReader {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HrColumnMapping mapping;

  public HrJsonReader(HrColumnMapping mapping) {
    this.mapping = Objects.requireNonNull(mapping, "mapping must not be null");
  }

  public HrFile read(Path file) throws HrFileException {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(file));
    } catch (JsonProcessingException e) {
      throw new HrFileException(
          file,
          "not valid JSON at line "
              + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
              + "; expected an array of staff objects");
    } catch (IOException e) {
      throw new HrFileException(file, "cannot read the file: " + e.getMessage(), e);
    }
    if (root == null || !root.isArray()) {
      throw new HrFileException(
          file,
          "expected a JSON array of staff objects, found "
              + (root == null ? "nothing" : root.getNodeType()));
    }
    List<String> headers = new ArrayList<>(mapping.requiredHeaders());
    headers.add(mapping.contractEnd());
    headers.add(mapping.concurrentPost());
    StringBuilder csv = new StringBuilder();
    csv.append(String.join(",", headers.stream().map(HrJsonReader::quote).toList())).append('\n');
    for (JsonNode element : root) {
      List<String> fields = new ArrayList<>();
      for (String header : headers) {
        JsonNode value = element.isObject() ? element.get(header) : null;
        fields.add(
            quote(
                value == null || value.isNull()
                    ? ""
                    : value.isValueNode() ? value.asText() : value.toString()));
      }
      csv.append(String.join(",", fields)).append('\n');
    }
    Path converted;
    try {
      converted = Files.createTempFile("mamori-hr-json-", ".csv");
      Files.writeString(converted, csv, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new HrFileException(file, "cannot convert: " + e.getMessage(), e);
    }
    try {
      HrFile read = new HrCsvReader(mapping, HrEncoding.UTF_8).read(converted);
      List<HrRowProblem> problems =
          read.problems().stream()
              .map(p -> new HrRowProblem(file, p.line() - 1, p.column(), p.value(), p.expected()))
              .toList();
      return new HrFile(file, StandardCharsets.UTF_8, read.records(), problems, read.dataRows());
    } finally {
      try {
        Files.deleteIfExists(converted);
      } catch (IOException e) {
        converted.toFile().deleteOnExit();
      }
    }
  }

  private static String quote(String value) {
    return "\"" + value.replace("\"", "\"\"") + "\"";
  }
}
