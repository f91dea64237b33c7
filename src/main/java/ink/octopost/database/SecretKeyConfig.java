package ink.octopost.database;

import ink.octopost.shared.OctopostProperties;
import ink.octopost.shared.SecretBox;
import ink.octopost.shared.StartupException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The key that seals credentials at rest ({@code OCTOPOST_SECRET_KEY}, base64 of 32 bytes). In
 * embedded mode it is generated once into {@code <data dir>/secret.key} (mode 600) when unset; an
 * external database needs it set, the same on every node. At start-up the key must open the
 * check value sealed at the first start, or the server refuses to run.
 */
@Configuration(proxyBeanMethods = false)
class SecretKeyConfig {

  private static final Logger log = LoggerFactory.getLogger(SecretKeyConfig.class);
  private static final String CHECK_CONTEXT = "octopost:secret-key-check";
  private static final byte[] CHECK_VALUE = "octopost".getBytes(StandardCharsets.US_ASCII);

  @Bean
  SecretBox secretBox(OctopostProperties core, DatabaseProperties db, JdbcClient jdbc, Clock clock) {
    var box = new SecretBox(key(core, db));
    verify(box, jdbc, clock);
    return box;
  }

  private static byte[] key(OctopostProperties core, DatabaseProperties db) {
    String configured = core.secretKey();
    if (configured != null && !configured.isBlank()) {
      return decode(configured.strip(), "OCTOPOST_SECRET_KEY");
    }
    if (!db.embedded()) {
      throw new StartupException(
          "OCTOPOST_SECRET_KEY is not set. With an external database (OCTOPOST_DATABASE_URL) every"
              + " node must share one key to read the stored network credentials.",
          "Generate one with 'openssl rand -base64 32' and set OCTOPOST_SECRET_KEY on every node.");
    }
    Path file = core.dataDir().resolve("secret.key");
    try {
      if (Files.exists(file)) {
        return decode(Files.readString(file).strip(), file.toAbsolutePath().toString());
      }
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      Files.createDirectories(core.dataDir());
      Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardOpenOption.CREATE_NEW);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system
      }
      log.info("Generated the secret key at {}; back it up with the data directory", file.toAbsolutePath());
      return key;
    } catch (IOException e) {
      throw new StartupException(
          "Cannot read or create the secret key " + file.toAbsolutePath() + ": " + e.getMessage(),
          "Make the data directory writable, or set OCTOPOST_SECRET_KEY.");
    }
  }

  private static byte[] decode(String base64, String source) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      key = new byte[0];
    }
    if (key.length != 32) {
      throw new StartupException(
          "The secret key in " + source + " is not base64 of 32 bytes.",
          "Generate one with 'openssl rand -base64 32'.");
    }
    return key;
  }

  private static void verify(SecretBox box, JdbcClient jdbc, Clock clock) {
    jdbc.sql(
            "INSERT INTO secret_key_check (id, sealed, created_at) VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING")
        .params(box.seal(CHECK_VALUE, CHECK_CONTEXT), Timestamp.from(clock.instant()))
        .update();
    byte[] sealed = jdbc.sql("SELECT sealed FROM secret_key_check WHERE id = 1").query(byte[].class).single();
    try {
      box.open(sealed, CHECK_CONTEXT);
    } catch (SecretBox.WrongKeyException e) {
      throw new StartupException(
          "The secret key is not the one this database's credentials were sealed with; starting"
              + " would make every stored network token unreadable.",
          "Restore the original OCTOPOST_SECRET_KEY (or <data dir>/secret.key).");
    }
  }
}
