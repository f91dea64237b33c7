package ink.octopost.networks.bluesky;

import ink.octopost.networks.NetworkFailure;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An app-password session as createSession and refreshSession answer it, and how it is stored in
 * the account's (encrypted) credentials.
 */
record Session(String did, String handle, String accessJwt, String refreshJwt) {

  static final String ACCESS_JWT = "access_jwt";
  static final String REFRESH_JWT = "refresh_jwt";
  static final String DID = "did";
  static final String HANDLE = "handle";
  static final String APP_PASSWORD = "app_password";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  static Session of(JsonNode body) throws NetworkFailure {
    var s = new Session(body.path("did").asString(null), body.path("handle").asString(null),
        body.path("accessJwt").asString(null), body.path("refreshJwt").asString(null));
    if (s.did == null || s.accessJwt == null || s.refreshJwt == null) {
      throw new NetworkFailure.Unavailable("Bluesky answered a session without did or tokens");
    }
    return s;
  }

  /**
   * What is stored: both JWTs (createSession is rate-limited, so sessions are reused and
   * refreshed) and the app password, so a dead refresh token can fall back to a new session.
   */
  Map<String, String> credentials(String appPassword) {
    var m = new LinkedHashMap<String, String>();
    m.put(ACCESS_JWT, accessJwt);
    m.put(REFRESH_JWT, refreshJwt);
    m.put(DID, did);
    if (handle != null) {
      m.put(HANDLE, handle);
    }
    if (appPassword != null) {
      m.put(APP_PASSWORD, appPassword);
    }
    return Map.copyOf(m);
  }

  /**
   * The access JWT's {@code exp}: lifetimes differ between PDS versions (2 h, 15 min), so it is
   * read from the token rather than assumed. Null when the token is not a readable JWT.
   */
  Instant accessExpiresAt() {
    return expiry(accessJwt);
  }

  static Instant expiry(String jwt) {
    if (jwt == null) {
      return null;
    }
    String[] parts = jwt.split("\\.");
    if (parts.length < 2) {
      return null;
    }
    try {
      var payload = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
      long exp = payload.path("exp").asLong(0);
      return exp > 0 ? Instant.ofEpochSecond(exp) : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  @Override
  public String toString() { // never print tokens
    return "Session[" + did + ", " + handle + "]";
  }
}
