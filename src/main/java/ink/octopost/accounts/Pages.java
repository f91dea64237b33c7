package ink.octopost.accounts;

import java.nio.charset.StandardCharsets;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The small server-rendered pages of the connection flow (the callback's answer, the choice of
 * accounts). Everything from outside is escaped; the pages carry no script, only a style sheet
 * from this server, so the Content-Security-Policy allows nothing else. Their URLs hold codes or
 * tokens: never cached, never sent on as a Referer.
 */
final class Pages {

  /** Where {@code static/connect/octopost.css} is served; relative paths keep working under a path prefix. */
  static final String STYLE_SHEET = "/connect/octopost.css";

  /** No script, no frames, no plugins; styles and forms from this server only, https avatars. */
  static final String POLICY = "default-src 'none'; style-src 'self'; img-src https:; form-action 'self';"
      + " frame-ancestors 'none'; base-uri 'none'";

  private Pages() {}

  /** A page: {@code title} is text, {@code body} is HTML already escaped; {@code styleHref} points at {@link #STYLE_SHEET}. */
  static ResponseEntity<String> html(int status, String title, String body, String styleHref) {
    String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>" + escape(title) + " · Octopost</title><link rel=\"stylesheet\" href=\"" + escape(styleHref) + "\">"
        + "</head><body><main><h1>" + escape(title) + "</h1>" + body + "</main></body></html>";
    return secure(ResponseEntity.status(status)).contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
        .body(html);
  }

  /** A page with one paragraph of text. */
  static ResponseEntity<String> text(int status, String title, String message, String styleHref) {
    return html(status, title, "<p>" + escape(message) + "</p>", styleHref);
  }

  /** Sends the browser on (303: a GET, whatever brought it here). */
  static ResponseEntity<String> redirect(String location) {
    return secure(ResponseEntity.status(HttpStatus.SEE_OTHER)).header("Location", location).build();
  }

  private static ResponseEntity.BodyBuilder secure(ResponseEntity.BodyBuilder b) {
    return b.cacheControl(CacheControl.noStore())
        .header("Referrer-Policy", "no-referrer")
        .header("X-Content-Type-Options", "nosniff")
        .header("X-Frame-Options", "DENY")
        .header("Content-Security-Policy", POLICY);
  }

  static String escape(String s) {
    if (s == null) {
      return "";
    }
    var out = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(ch);
      }
    }
    return out.toString();
  }
}
