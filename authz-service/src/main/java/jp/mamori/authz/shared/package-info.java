/**
 * What every feature of the service shares and that depends on no feature: the one refusal model
 * ({@link jp.mamori.authz.shared.Refusal}) and the bilingual text ({@link
 * jp.mamori.authz.shared.Bilingual}).
 */
package jp.mamori.authz.shared;
