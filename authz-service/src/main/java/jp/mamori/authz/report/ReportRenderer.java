package jp.mamori.authz.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.mamori.authz.audit.AuditExport;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.authz.shared.Refusal;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * A report as CSV (UTF-8 with BOM or CP932 for Excel, cells safe against formula injection) and as
 * a printable PDF (A4 landscape, a Japanese font embedded, the title, scope, time of generation and
 * page numbers on every page). Each row ends with the requirement IDs it is evidence for.
 */
final class ReportRenderer {

  /**
   * Where Japanese fonts are usually installed (Debian/Ubuntu packages), in order of preference.
   */
  public static final List<Path> FONT_CANDIDATES =
      List.of(
          Path.of("/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf"),
          Path.of("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"),
          Path.of("/usr/share/fonts/truetype/fonts-japanese-gothic.ttf"),
          Path.of("/usr/share/fonts/truetype/takao-gothic/TakaoGothic.ttf"),
          Path.of("/usr/share/fonts/truetype/vlgothic/VL-Gothic-Regular.ttf"));

  /** No Japanese font to print with: the PDF cannot be made (CSV and HTML still can). */
  public static final class NoFont extends Refusal {
    NoFont(String message) {
      super(
          Fault.UNAVAILABLE,
          "NO_JAPANESE_FONT",
          new Bilingual("PDF を作成できません (日本語フォントなし)", "no PDF: no Japanese font"),
          message);
    }
  }

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss xxx");

  private final Optional<Path> font;
  private final ZoneId zone;

  /**
   * @param font a TrueType font with Japanese glyphs ({@code mamori.reports.pdf-font}); empty = the
   *     first of {@link #FONT_CANDIDATES} that exists
   */
  public ReportRenderer(Optional<Path> font, ZoneId zone) {
    this.font = font;
    this.zone = zone;
  }

  // ------------------------------------------------------------------------------- CSV

  public byte[] csv(Report report, boolean english, Charset charset) {
    StringBuilder out = new StringBuilder();
    line(out, List.of(report.title(english)));
    line(
        out,
        List.of(
            (english ? "generated " : "作成日時 ") + TIME.format(report.generatedAt().atZone(zone))));
    line(out, List.of(report.scope(english)));
    line(
        out,
        List.of((english ? "requirements " : "要件 ") + String.join(" ", report.requirementIds())));
    List<String> header = new ArrayList<>();
    report.columns().forEach(c -> header.add(english ? c.en() : c.ja()));
    header.add(english ? "requirements" : "要件");
    line(out, header);
    for (Report.Row row : report.rows()) {
      List<String> cells = new ArrayList<>(row.cells());
      cells.add(String.join(" ", row.requirementIds()));
      line(out, cells);
    }
    byte[] text = out.toString().getBytes(charset);
    if (!charset.equals(StandardCharsets.UTF_8)) {
      return text;
    }
    byte[] withBom = new byte[text.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(text, 0, withBom, 3, text.length);
    return withBom;
  }

  private static void line(StringBuilder out, List<String> cells) {
    out.append(String.join(",", cells.stream().map(AuditExport::cell).toList())).append("\r\n");
  }

  // ------------------------------------------------------------------------------- PDF

  /** The font the PDF will use, or why there is none. */
  public Path fontFile() {
    if (font.isPresent()) {
      if (!Files.isReadable(font.get())) {
        throw new NoFont(
            "mamori.reports.pdf-font: expected a readable TrueType font with Japanese glyphs;"
                + " found no file at "
                + font.get());
      }
      return font.get();
    }
    return FONT_CANDIDATES.stream()
        .filter(Files::isReadable)
        .findFirst()
        .orElseThrow(() ->
            new NoFont(
                "no Japanese font found for PDF reports: expected one of "
                    + FONT_CANDIDATES
                    + " (apt-get install fonts-ipafont-gothic) or mamori.reports.pdf-font"));
  }

  private static final float MARGIN = 36;
  private static final float SIZE = 8;
  private static final float LEADING = 10.5f;
  private static final float PAD = 3;

  public byte[] pdf(Report report, boolean english) {
    Path fontFile = fontFile();
    try (PDDocument doc = new PDDocument()) {
      PDType0Font f = PDType0Font.load(doc, fontFile.toFile());
      Glyphs glyphs = new Glyphs(f);
      PDDocumentInformation info = doc.getDocumentInformation();
      info.setTitle(report.title(english));
      info.setCreator("Mamori");
      info.setSubject(String.join(" ", report.requirementIds()));

      PDRectangle a4 = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());
      float width = a4.getWidth() - 2 * MARGIN;
      List<String> header = new ArrayList<>();
      report.columns().forEach(c -> header.add(english ? c.en() : c.ja()));
      header.add(english ? "requirements" : "要件");
      List<List<String>> rows = new ArrayList<>();
      for (Report.Row r : report.rows()) {
        List<String> cells = new ArrayList<>(r.cells());
        cells.add(String.join(" ", r.requirementIds()));
        rows.add(cells.stream().map(glyphs::printable).toList());
      }
      float[] widths = widths(glyphs, header, rows, width);

      List<PDPage> pages = new ArrayList<>();
      PDPage page = null;
      PDPageContentStream out = null;
      float y = 0;
      int index = -1;
      do {
        if (page == null || y - rowHeight(glyphs, rows.get(index), widths) < MARGIN + 20) {
          if (out != null) {
            out.close();
          }
          page = new PDPage(a4);
          doc.addPage(page);
          pages.add(page);
          out = new PDPageContentStream(doc, page);
          y = a4.getHeight() - MARGIN;
          text(out, f, 14, MARGIN, y - 14, glyphs.printable(report.title(english)));
          y -= 22;
          text(
              out,
              f,
              SIZE,
              MARGIN,
              y - SIZE,
              glyphs.printable(
                  (english ? "Generated " : "作成日時 ")
                      + TIME.format(report.generatedAt().atZone(zone))
                      + "   "
                      + (english ? "Requirements " : "要件 ")
                      + String.join(" ", report.requirementIds())));
          y -= LEADING;
          for (String l : wrap(glyphs, glyphs.printable(report.scope(english)), width)) {
            text(out, f, SIZE, MARGIN, y - SIZE, l);
            y -= LEADING;
          }
          y -= 6;
          y = row(out, f, glyphs, header.stream().map(glyphs::printable).toList(), widths, y, true);
        }
        if (index >= 0) {
          y = row(out, f, glyphs, rows.get(index), widths, y, false);
        }
        index++;
      } while (index < rows.size());
      if (rows.isEmpty()) {
        text(out, f, SIZE + 1, MARGIN, y - 16, english ? "None found." : "該当なし");
      }
      out.close();
      for (int i = 0; i < pages.size(); i++) {
        try (PDPageContentStream footer =
            new PDPageContentStream(
                doc, pages.get(i), PDPageContentStream.AppendMode.APPEND, true)) {
          text(
              footer,
              f,
              7,
              MARGIN,
              MARGIN - 14,
              glyphs.printable(
                  "Mamori — " + report.title(english) + " — " + (i + 1) + " / " + pages.size()));
        }
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      doc.save(bytes);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("PDF of report " + report.id() + " could not be written", e);
    }
  }

  private float row(
      PDPageContentStream out,
      PDType0Font f,
      Glyphs glyphs,
      List<String> cells,
      float[] widths,
      float y,
      boolean heading)
      throws IOException {
    float height = rowHeight(glyphs, cells, widths);
    float x = MARGIN;
    if (heading) {
      out.setNonStrokingColor(0.9f, 0.9f, 0.9f);
      out.addRect(MARGIN, y - height, sum(widths), height);
      out.fill();
      out.setNonStrokingColor(0f, 0f, 0f);
    }
    for (int i = 0; i < cells.size(); i++) {
      out.addRect(x, y - height, widths[i], height);
      out.stroke();
      float ty = y - PAD - SIZE;
      for (String l : wrap(glyphs, cells.get(i), widths[i] - 2 * PAD)) {
        text(out, f, SIZE, x + PAD, ty, l);
        ty -= LEADING;
      }
      x += widths[i];
    }
    return y - height;
  }

  private static float rowHeight(Glyphs glyphs, List<String> cells, float[] widths) {
    int lines = 1;
    for (int i = 0; i < cells.size(); i++) {
      lines = Math.max(lines, wrap(glyphs, cells.get(i), widths[i] - 2 * PAD).size());
    }
    return lines * LEADING + 2 * PAD;
  }

  private static float[] widths(
      Glyphs glyphs, List<String> header, List<List<String>> rows, float total) {
    float[] natural = new float[header.size()];
    for (int i = 0; i < header.size(); i++) {
      natural[i] = Math.max(glyphs.width(header.get(i)), 30);
      for (List<String> r : rows) {
        natural[i] = Math.max(natural[i], Math.min(glyphs.width(r.get(i)), 220));
      }
      natural[i] += 2 * PAD;
    }
    float sum = sum(natural);
    float[] widths = new float[natural.length];
    for (int i = 0; i < natural.length; i++) {
      widths[i] = natural[i] * total / sum;
    }
    return widths;
  }

  private static float sum(float[] values) {
    float s = 0;
    for (float v : values) {
      s += v;
    }
    return s;
  }

  private static List<String> wrap(Glyphs glyphs, String text, float width) {
    List<String> lines = new ArrayList<>();
    for (String paragraph : text.split("\n", -1)) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < paragraph.length(); ) {
        int cp = paragraph.codePointAt(i);
        String ch = new String(Character.toChars(cp));
        if (!line.isEmpty() && glyphs.width(line + ch) > width) {
          // break after the last space if there is one (Latin words stay whole), else here
          int space = line.lastIndexOf(" ");
          if (space > 0 && cp != ' ') {
            lines.add(line.substring(0, space));
            String rest = line.substring(space + 1);
            line.setLength(0);
            line.append(rest);
          } else {
            lines.add(line.toString());
            line.setLength(0);
          }
        }
        line.append(ch);
        i += Character.charCount(cp);
      }
      lines.add(line.toString());
    }
    return lines;
  }

  private static void text(
      PDPageContentStream out, PDType0Font f, float size, float x, float y, String text)
      throws IOException {
    out.beginText();
    out.setFont(f, size);
    out.newLineAtOffset(x, y);
    out.showText(text);
    out.endText();
  }

  /** Widths and glyph coverage of the font, remembered per character. */
  private static final class Glyphs {
    private final PDType0Font font;
    private final Map<Integer, Float> widths = new HashMap<>();

    Glyphs(PDType0Font font) {
      this.font = font;
    }

    /** The text with characters the font cannot show replaced by {@code ?}. */
    String printable(String text) {
      StringBuilder out = new StringBuilder(text.length());
      text.codePoints()
          .forEach(cp -> {
            if (cp == '\n') {
              out.append('\n');
            } else if (Character.isISOControl(cp)) {
              out.append(' ');
            } else {
              out.appendCodePoint(advance(cp) < 0 ? '?' : cp);
            }
          });
      return out.toString();
    }

    float width(String text) {
      float w = 0;
      for (int i = 0; i < text.length(); ) {
        int cp = text.codePointAt(i);
        w += Math.max(advance(cp), 0);
        i += Character.charCount(cp);
      }
      return w * SIZE / 1000;
    }

    private float advance(int cp) {
      return widths.computeIfAbsent(
          cp,
          c -> {
            try {
              return font.getStringWidth(new String(Character.toChars(c)));
            } catch (IOException | IllegalArgumentException e) {
              return -1f;
            }
          });
    }
  }
}
