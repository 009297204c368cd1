/**
 * Reading the HR department's staff export (人事データ), the source of truth for who works where.
 *
 * <p>{@link jp.mamori.hrsync.hr.HrCsvReader} turns a CSV export (UTF-8 or CP932) into validated
 * {@link jp.mamori.hrsync.hr.StaffRecord}s and reports each rejected row as an {@link
 * jp.mamori.hrsync.hr.HrRowProblem} naming file, line, column, value and expectation (GV-7).
 * Nothing here does anything with the records: deciding which accounts to create, move, suspend or
 * end (LC-1, LC-2, LC-7) is the reconciliation core's job.
 *
 * <p>Records and problems are personal data. Their {@code toString()} shows identifiers only, and
 * this package logs counts, never values.
 */
package jp.mamori.hrsync.hr;
