package jp.mamori.authz.audit;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import jp.mamori.authz.audit.AuditChain.Verification;
import jp.mamori.authz.cli.CliCommand;
import jp.mamori.authz.cli.Progress;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The audit log's commands of the command line: {@code audit-keygen}, {@code audit-export}, {@code
 * audit-archive} and {@code audit-verify}. The log they act on is {@link AuditConfiguration}'s.
 */
@Configuration(proxyBeanMethods = false)
class AuditCommandConfiguration {

  /** {@code audit-keygen}: a new signing key for the audit log, written owner-only. */
  @Bean
  @CliCommand.Names("audit-keygen")
  CliCommand auditKeygen() {
    return new CliCommand() {
      @Override
      public List<String> commands() {
        return List.of("audit-keygen");
      }

      @Override
      public List<String> options() {
        return List.of("file", "lang");
      }

      @Override
      public int execute(String command, Map<String, String> options, java.io.PrintStream out) {
        boolean ja = !"en".equals(options.get("lang"));
        String file = options.get("file");
        if (file == null || file.isBlank()) {
          out.println(
              ja
                  ? "--mamori.cli.file (新しい署名鍵のファイル) を指定してください"
                  : "expected --mamori.cli.file (where to write the new signing key)");
          return 1;
        }
        String publicJwk;
        try {
          publicJwk = AuditSigner.generateInto(java.nio.file.Path.of(file));
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
          out.println(e.getMessage());
          return 1;
        }
        out.println(
            (ja
                    ? "監査ログの署名鍵を作成しました (所有者のみ読み取り可): "
                    : "Audit signing key written (readable by its owner only): ")
                + file);
        out.println((ja ? "公開鍵 / public key: " : "Public key: ") + publicJwk);
        out.println(
            ja
                ? "mamori.audit.signing-key をこのファイルに替え、古い鍵の公開鍵を"
                    + " mamori.audit.verification-keys に加えてください"
                : "Point mamori.audit.signing-key at this file and add the old key's public half"
                    + " to mamori.audit.verification-keys");
        return 0;
      }
    };
  }

  /**
   * {@code --mamori.cli.command=audit-export --mamori.cli.file=PATH [--mamori.cli.format=jsonl|csv]
   * [--mamori.cli.encoding=UTF-8|CP932]}: the whole log for backup to external media (AU-3).
   */
  @Bean
  @CliCommand.Names("audit-export")
  CliCommand auditExportCommand(AuditLog audit) {
    return new CliCommand() {
      @Override
      public List<String> commands() {
        return List.of("audit-export");
      }

      @Override
      public List<String> options() {
        return List.of("file", "format", "encoding", "lang");
      }

      @Override
      public int execute(String command, Map<String, String> options, PrintStream out) {
        boolean en = "en".equals(options.get("lang"));
        String file = options.get("file");
        if (file == null || file.isBlank()) {
          out.println(
              en
                  ? "expected --mamori.cli.file=PATH (where to write the export); found none"
                  : "出力先 --mamori.cli.file=PATH を指定してください (指定なし)");
          return 2;
        }
        AuditExport.Format format;
        java.nio.charset.Charset charset;
        try {
          format =
              AuditExport.Format.valueOf(
                  options.getOrDefault("format", "jsonl").toUpperCase(java.util.Locale.ROOT));
          charset = AuditExport.charset(options.getOrDefault("encoding", "UTF-8"));
        } catch (IllegalArgumentException e) {
          out.println(
              (en
                      ? "expected format jsonl or csv and encoding UTF-8 or CP932; found "
                      : "形式は jsonl か csv、文字コードは UTF-8 か CP932 です。指定: ")
                  + options.get("format")
                  + ", "
                  + options.get("encoding"));
          return 2;
        }
        try (var writer =
            java.nio.file.Files.newBufferedWriter(java.nio.file.Path.of(file), charset)) {
          long n = audit.export(new AuditExport(format, writer));
          out.println(
              en
                  ? "Exported " + n + " audit events to " + file
                  : "監査ログ " + n + " 件を " + file + " に書き出しました");
          return 0;
        } catch (java.io.IOException e) {
          out.println((en ? "Could not write " : "書き込めません: ") + file + " (" + e + ")");
          return 1;
        }
      }
    };
  }

  /**
   * {@code --mamori.cli.command=audit-archive --mamori.cli.file=PATH
   * --mamori.cli.before=YYYY-MM-DD}: writes the events before that day (JST) — older than {@code
   * mamori.audit.retention} — to PATH as JSON Lines with their checkpoints (for external media,
   * AU-3), forces them to disk, then removes them up to the last signed checkpoint before the day
   * (AU-1). Exit 0 archived, 2 refused.
   */
  @Bean
  @CliCommand.Names("audit-archive")
  CliCommand auditArchiveCommand(AuditLog audit, AuditSettings settings) {
    return new CliCommand() {
      @Override
      public List<String> commands() {
        return List.of("audit-archive");
      }

      @Override
      public List<String> options() {
        return List.of("file", "before", "lang");
      }

      @Override
      public int execute(String command, Map<String, String> options, PrintStream out) {
        boolean en = "en".equals(options.get("lang"));
        String file = options.get("file");
        java.time.Instant before;
        try {
          before =
              java.time.LocalDate.parse(String.valueOf(options.get("before")))
                  .atStartOfDay(java.time.ZoneId.of("Asia/Tokyo"))
                  .toInstant();
        } catch (java.time.format.DateTimeParseException e) {
          out.println(
              (en
                      ? "expected --mamori.cli.before=YYYY-MM-DD (events before that day); found "
                      : "--mamori.cli.before=YYYY-MM-DD (この日より前の記録) を指定してください。指定: ")
                  + options.get("before"));
          return 2;
        }
        if (file == null || file.isBlank()) {
          out.println(
              en
                  ? "expected --mamori.cli.file=PATH (the archive on external media); found none"
                  : "書き出し先 --mamori.cli.file=PATH (外部媒体) を指定してください (指定なし)");
          return 2;
        }
        java.nio.file.Path path = java.nio.file.Path.of(file);
        if (java.nio.file.Files.exists(path)) {
          out.println(
              (en ? "expected a new file; found an existing one: " : "既存のファイルには書き出しません: ") + file);
          return 2;
        }
        try (java.io.FileOutputStream stream = new java.io.FileOutputStream(path.toFile());
            java.io.Writer writer =
                new java.io.OutputStreamWriter(stream, java.nio.charset.StandardCharsets.UTF_8) {
                  @Override
                  public void flush() throws java.io.IOException {
                    super.flush();
                    stream.getFD().sync(); // on the medium before anything is removed
                  }
                }) {
          AuditLog.Archived done =
              audit.archive(
                  before,
                  settings.retention(),
                  new AuditExport(AuditExport.Format.JSONL, writer),
                  path.toAbsolutePath().toString(),
                  "mamori:cli");
          out.println(
              en
                  ? "Archived "
                      + done.events()
                      + " audit events to "
                      + file
                      + "; the log now starts after event "
                      + done.baseSeq()
                  : "監査ログ "
                      + done.events()
                      + " 件を "
                      + file
                      + " に保管し、削除しました (記録はイベント "
                      + done.baseSeq()
                      + " の次から)");
          return 0;
        } catch (IllegalArgumentException | IllegalStateException e) {
          out.println((en ? "Nothing archived: " : "保管しませんでした: ") + e.getMessage());
          try {
            java.nio.file.Files.deleteIfExists(path);
          } catch (java.io.IOException ignored) {
            // the message above says nothing was archived
          }
          return 2;
        } catch (java.io.IOException e) {
          out.println((en ? "Could not write " : "書き込めません: ") + file + " (" + e + ")");
          return 1;
        }
      }
    };
  }

  /**
   * {@code --mamori.cli.command=audit-verify}: exit 0 intact, 3 broken; the steps back of the clock
   * between events (AU-6) are listed either way.
   */
  @Bean
  @CliCommand.Names("audit-verify")
  CliCommand auditVerifyCommand(AuditLog audit) {
    return new CliCommand() {
      @Override
      public List<String> commands() {
        return List.of("audit-verify");
      }

      @Override
      public List<String> options() {
        return List.of("lang");
      }

      @Override
      public int execute(String command, Map<String, String> options, PrintStream out) {
        boolean en = "en".equals(options.get("lang"));
        Progress progress = Progress.to(System.err, "検証 / verify", 0);
        Verification v = audit.verify(Map.of(), progress::total, progress);
        progress.finish();
        if (v.intact()) {
          out.println(
              en
                  ? "Audit log intact: " + v.events() + " events, last " + v.lastSeq()
                  : "監査ログは改ざんされていません: " + v.events() + " 件、最終 " + v.lastSeq());
        } else {
          out.println(
              en
                  ? "Audit log TAMPERED: " + v.problems().size() + " finding(s)"
                  : "監査ログの改ざんを検出しました: " + v.problems().size() + " 件");
          v.problems().forEach(p -> out.println("  " + p));
        }
        if (!v.clockSteps().isEmpty()) {
          out.println(
              en
                  ? "Clock stepped back before " + v.clockSteps().size() + " event(s) (AU-6):"
                  : "時刻が戻った記録があります (AU-6): " + v.clockSteps().size() + " 件");
          v.clockSteps().forEach(step -> out.println("  " + step));
        }
        return v.intact() ? 0 : 3;
      }
    };
  }
}
