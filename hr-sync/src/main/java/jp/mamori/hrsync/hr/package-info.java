/**
 * Reading the HR department's staff export (人事データ), the source of truth for who works where.
 *
 * <p>{@link jp.mamori.hrsync.hr.HrCsvReader} turns a CSV export (UTF-8 or CP932) into validated
 * {@link jp.mamori.hrsync.hr.StaffRecord}s and reports each rejected row as an {@link
 * jp.mamori.hrsync.hr.HrRowProblem} naming file, line, column, value and expectation (GV-7). How
 * the export is written — headers, the texts of 雇用区分 and 在籍区分, the 兼務 words, date formats (和暦
 * included) and the optional columns — is a {@link jp.mamori.hrsync.hr.HrLayout}, read from a YAML
 * profile by {@link jp.mamori.hrsync.hr.HrLayoutLoader}; {@link jp.mamori.hrsync.hr.HrFileCheck}
 * checks a file against one without touching any target. Nothing here does anything with the
 * records: deciding which accounts to create, move, suspend or end (LC-1, LC-2, LC-7) is the
 * reconciliation core's job.
 *
 * <p>Records and problems are personal data. Their {@code toString()} shows identifiers only, and
 * this package logs counts, never values.
 */
package jp.mamori.hrsync.hr;
