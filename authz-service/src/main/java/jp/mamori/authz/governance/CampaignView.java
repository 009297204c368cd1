package jp.mamori.authz.governance;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import jp.mamori.authz.governance.Inventories.Campaign;

/**
 * An ID inventory campaign as the API shows it (LC-3). Instants are ISO-8601 text.
 *
 * @param id the campaign
 * @param title its title
 * @param startedBy the administrator who started it
 * @param startedAt when
 * @param deadline when answers are due
 * @param hrSource the HR data it was made from
 * @param status the campaign's status
 * @param closedAt when it closed, or null
 * @param summary how many items have each answer (by name), a count per key
 * @param items the items the caller may see; the member is absent (not {@code null}) in the list of
 *     campaigns and in answers to starting or cancelling one
 */
record CampaignView(
    long id,
    String title,
    String startedBy,
    String startedAt,
    String deadline,
    String hrSource,
    String status,
    String closedAt,
    Map<String, Long> summary,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<InventoryItemView> items) {

  static CampaignView of(Campaign c, Map<String, Long> summary) {
    return new CampaignView(
        c.id(),
        c.title(),
        c.startedBy(),
        c.startedAt().toString(),
        c.deadline().toString(),
        c.hrSource(),
        c.status().name(),
        c.closedAt().map(Instant::toString).orElse(null),
        summary,
        null);
  }

  /** The same campaign with the items the caller may see. */
  CampaignView withItems(List<InventoryItemView> items) {
    return new CampaignView(
        id, title, startedBy, startedAt, deadline, hrSource, status, closedAt, summary, items);
  }
}
