/** Mamori's WebAuthn relying party. */
package jp.mamori.webauthn;
