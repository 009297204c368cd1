package jp.mamori.authz.report;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Printable reports ({@code mamori.reports.*}, GV-6).
 *
 * @param pdfFont a TrueType font with Japanese glyphs for PDF reports; none: IPA Gothic from the
 *     system (Debian fonts-ipafont-gothic)
 */
@ConfigurationProperties("mamori.reports")
public record ReportSettings(Path pdfFont) {}
