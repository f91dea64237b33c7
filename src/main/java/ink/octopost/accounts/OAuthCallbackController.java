package ink.octopost.accounts;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Where a network sends the user's browser back after consent. It lives outside {@code /v1} on
 * purpose: the browser carries no API key, and the single-use state, bound to the workspace and
 * user that asked for the link, is what authorizes the request. It answers with a small page,
 * never the API's JSON, because a person is reading it.
 */
@Controller
class OAuthCallbackController {

  private final OAuthConnections connections;

  OAuthCallbackController(OAuthConnections connections) {
    this.connections = connections;
  }

  @GetMapping(OAuthConnections.CALLBACK_PATH + "{platform}")
  @ResponseBody
  ResponseEntity<String> callback(
      jakarta.servlet.http.HttpServletRequest request,
      @PathVariable String platform,
      @RequestParam(required = false) String code,
      @RequestParam(required = false) String state,
      @RequestParam(required = false) String error,
      @RequestParam(name = "error_description", required = false) String errorDescription) {
    if (request.getMethod().equals("HEAD")) {
      // A link checker or prefetcher must not spend the single-use state the user's browser needs.
      return page(200, "Octopost", "");
    }
    var outcome = connections.complete(platform, code, state, error, errorDescription);
    return switch (outcome) {
      case OAuthConnections.Connected c -> page(200, "Account connected",
          "Your " + c.account().platform().id() + " account " + name(c.account()) + " is connected to Octopost"
              + " (account id " + c.account().id() + "). You can close this window.");
      case OAuthConnections.Choose c -> Pages.redirect(c.pageUrl());
      case OAuthConnections.NothingGranted n -> page(200, "No account to connect", "Your " + n.platform()
          + " login did not grant Octopost any account, so nothing was connected. To connect Pages or"
          + " professional accounts, start again and select them when " + n.platform() + " asks which to share.");
      case OAuthConnections.Refused r -> page(r.status(), r.title(), r.message());
    };
  }

  private static String name(Account a) {
    return a.username() == null ? a.platformUserId() : "@" + a.username();
  }

  /** The URL held a code: keep it out of caches and out of Referer headers (see {@link Pages}). */
  private static ResponseEntity<String> page(int status, String title, String message) {
    return Pages.text(status, title, message, "../.." + Pages.STYLE_SHEET);
  }
}
