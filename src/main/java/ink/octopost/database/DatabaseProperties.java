package ink.octopost.database;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code OCTOPOST_DATABASE_URL}, {@code _USERNAME}, {@code _PASSWORD}: an external PostgreSQL.
 * Leave the URL unset for the embedded one.
 */
@ConfigurationProperties("octopost.database")
record DatabaseProperties(String url, String username, String password) {

  boolean embedded() {
    return url == null || url.isBlank();
  }
}
