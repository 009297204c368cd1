package jp.mamori.authz.stack;

import jp.mamori.hrsync.hr.HrLayoutException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an invalid HR layout profile into a start-up report with one line per problem. */
class InvalidHrLayoutFailureAnalyzer extends AbstractFailureAnalyzer<HrLayoutException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, HrLayoutException cause) {
    return new FailureAnalysis(
        "人事データのレイアウト定義が不正なため起動できません / the HR layout profile is invalid:\n" + cause.getMessage(),
        "mamori.hr.layout で指定したファイルの上記のキーを修正してください (docs/hr-layout.md)。"
            + "修正後は check-hr で人事データを確認できます / correct the keys above in the file named by"
            + " mamori.hr.layout (docs/hr-layout.md), or remove the setting to use the shipped default;"
            + " then check an export with --mamori.cli.command=check-hr.",
        cause);
  }
}
