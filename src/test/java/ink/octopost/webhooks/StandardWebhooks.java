package ink.octopost.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An independent verifier of the Standard Webhooks specification, written from the spec for the
 * tests (it shares no code with the signing side): the signed content is {@code
 * msg_id.timestamp.body}, the key is the base64 bytes after {@code whsec_}, the header holds
 * space-separated {@code v1,<base64>} signatures, and the timestamp must be within 5 minutes.
 */
final class StandardWebhooks {

  private StandardWebhooks() {}

  /** Which of the header's signatures this secret produced (empty: it verifies none). */
  static List<Integer> matching(String secret, Receiver.Hit hit, long nowSeconds) {
    String id = hit.header("webhook-id");
    String timestamp = hit.header("webhook-timestamp");
    String header = hit.header("webhook-signature");
    if (id == null || timestamp == null || header == null) {
      throw new AssertionError("missing Standard Webhooks headers: " + hit.headers().keySet());
    }
    long ts = Long.parseLong(timestamp);
    if (Math.abs(nowSeconds - ts) > 300) {
      throw new AssertionError("timestamp " + ts + " is more than 5 minutes from now " + nowSeconds);
    }
    byte[] expected;
    try {
      if (!secret.startsWith("whsec_")) {
        throw new AssertionError("a secret starts with whsec_");
      }
      var mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
      expected = mac.doFinal((id + "." + timestamp + "." + hit.body()).getBytes(StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    var found = new ArrayList<Integer>();
    String[] parts = header.split(" ");
    for (int i = 0; i < parts.length; i++) {
      int comma = parts[i].indexOf(',');
      if (comma < 0 || !parts[i].substring(0, comma).equals("v1")) {
        continue;
      }
      byte[] given = Base64.getDecoder().decode(parts[i].substring(comma + 1));
      if (MessageDigest.isEqual(given, expected)) {
        found.add(i);
      }
    }
    return found;
  }

  static boolean verifies(String secret, Receiver.Hit hit) {
    return !matching(secret, hit, System.currentTimeMillis() / 1000).isEmpty();
  }
}
