package jp.mamori.authz.access;

/**
 * The body of an access decision ({@code POST /api/access-decisions}), asked by a business system
 * with the user's token. Members other than these are ignored.
 *
 * @param system the Keycloak client ID of the system; the controller refuses a missing or blank one
 *     ({@code 400}, "system: expected the Keycloak client ID of the system")
 * @param terminal the registered terminal's ID, or null
 * @param terminalAddress the address the request comes from, or null
 * @param network {@code internal} (the default, also when null) or {@code external}; anything else
 *     is refused by the controller naming the two values
 */
record AccessDecisionRequest(
    String system, String terminal, String terminalAddress, String network) {}
