/**
 * The HR export as the service reads it: the {@code check-hr} command, which reads a file with a
 * layout profile (docs/hr-layout.md) and reports what the sync would take from it, in a context of
 * its own that touches no target. The layout itself is the {@code hrLayout} bean of the stack
 * ({@code mamori.hr.layout}).
 */
package jp.mamori.authz.hr;
