package jp.mamori.authz.access;

import java.util.List;

/**
 * The body of a terminal's registration ({@code POST /api/terminals}).
 *
 * @param id the terminal's ID; {@link Terminals#register} refuses a missing one
 * @param tier {@code MYNUMBER}, {@code LGWAN} or {@code INTERNET}; checked by the controller, which
 *     names the three values when it is absent or another
 * @param section the section (所属) the terminal belongs to, or null
 * @param networks the address ranges (CIDR) the terminal uses; null is read as none, a null item as
 *     the text {@code null} (refused as not a range), as before
 */
record TerminalRegistration(String id, String tier, String section, List<String> networks) {

  TerminalRegistration {
    networks = networks == null ? List.of() : networks.stream().map(String::valueOf).toList();
  }
}
