package jp.mamori.authz.privileged;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.util.List;

/**
 * The body of a privileged ID's registration ({@code POST /api/privileged/accounts}, PR-1). Members
 * are read as text (a JSON number as its text); the controller and {@link PrivilegedAccount} refuse
 * a missing or malformed one with a message that names it and what was expected.
 *
 * @param id the privileged ID (特権ID)
 * @param kind {@code DIRECTORY} or {@code KEYCLOAK_ROLE}
 * @param target the directory entry's DN or the Keycloak role
 * @param description what it is for
 * @param owner who answers for it
 * @param eligible who may request it: a JSON list of usernames, or one text of usernames separated
 *     by commas or white space (each element of a list is split the same way)
 * @param approvers who may approve its checkouts, read as {@code eligible}
 * @param maxDuration the longest checkout, an ISO-8601 duration such as {@code PT2H}
 * @param exclusive whether one holder at a time; absent or null means yes
 * @param emergencyAllowed whether it may be taken in an emergency before approval; absent or null
 *     means no
 */
record PrivilegedAccountRegistration(
    String id,
    String kind,
    String target,
    String description,
    String owner,
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> eligible,
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> approvers,
    String maxDuration,
    Boolean exclusive,
    Boolean emergencyAllowed) {}
