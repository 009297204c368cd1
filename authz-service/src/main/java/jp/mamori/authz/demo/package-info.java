/**
 * The demo's sample business systems (profile {@code demo} only): a 住民記録 application of the My
 * Number tier and an LGWAN groupware, each a real OIDC client of the staff realm (code flow with
 * PKCE S256) served by the demo itself under {@code /demo/juki} and {@code /demo/lgwan}.
 */
package jp.mamori.authz.demo;
