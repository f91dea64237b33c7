package ink.octopost.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The scopes a {@code /v1} endpoint needs (all of them); no value means any valid key. Every
 * {@code /v1} handler carries it, and an ArchUnit rule keeps it that way.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RequiresScope {
  Scope[] value() default {};
}
