package ink.octopost.web;

import ink.octopost.shared.Ids;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;

/** {@code X-Request-Id}: the client's, if it is short and safe, or a new {@code req_...}. */
final class RequestIds {

  static final String HEADER = "X-Request-Id";
  static final String ATTRIBUTE = RequestIds.class.getName();
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:\\-]{1,64}");

  private RequestIds() {}

  static String assign(HttpServletRequest request) {
    String sent = request.getHeader(HEADER);
    String id = sent != null && SAFE.matcher(sent).matches() ? sent : fresh();
    request.setAttribute(ATTRIBUTE, id);
    return id;
  }

  static String fresh() {
    return "req_" + Ids.base62(20);
  }

  static String of(HttpServletRequest request) {
    Object id = request.getAttribute(ATTRIBUTE);
    return id == null ? assign(request) : id.toString();
  }
}
