package jp.mamori.authz.report;

/**
 * One report of the catalogue ({@code GET /api/reports}): its ID and title in both languages.
 *
 * @param id the report's ID, as used in {@code /api/reports/{id}}
 * @param titleJa the title in Japanese
 * @param titleEn the title in English
 */
record ReportListing(String id, String titleJa, String titleEn) {}
