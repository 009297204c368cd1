package jp.mamori.authz.shared;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller of the web console's pages: they get the shared header's model ({@link
 * ConsoleNav}); the JSON API's controllers do not pay for it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Console {}
