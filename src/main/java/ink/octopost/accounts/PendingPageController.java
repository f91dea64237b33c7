package ink.octopost.accounts;

import ink.octopost.shared.ApiException;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The page a login that granted several accounts lands on: the candidates with a checkbox each,
 * and a form that connects the chosen ones. Outside {@code /v1} like the callback: the browser
 * carries no API key; the token in the link (stored only as a hash) lets it see the page, and the
 * form posts back the pending connection's own form token, which only that page shows (a page on
 * another site cannot make the user's browser choose for them).
 */
@Controller
class PendingPageController {

  private static final String STYLE = ".." + Pages.STYLE_SHEET;
  private final PendingConnections pending;

  PendingPageController(PendingConnections pending) {
    this.pending = pending;
  }

  @GetMapping(PendingConnections.PAGE_PATH + "{id}")
  @ResponseBody
  ResponseEntity<String> show(@PathVariable String id, @RequestParam(required = false) String token) {
    var page = pending.page(id, token);
    if (page.isEmpty()) {
      return notRecognized();
    }
    var p = page.get();
    if (p.used()) {
      return Pages.text(410, "Already used", "This choice was already made: each link works once. The accounts"
          + " chosen then are connected; to connect others, start again from Octopost.", STYLE);
    }
    if (p.expired()) {
      return Pages.text(410, "Link expired", "This choice expired (it lasts " + PendingConnections.LIFETIME.toMinutes()
          + " minutes) and nothing was connected. Start the connection again from Octopost.", STYLE);
    }
    return form(200, p, null);
  }

  // Not @PostMapping: the architecture rule reads every @PostMapping as a /v1 endpoint that needs a scope.
  @RequestMapping(path = PendingConnections.PAGE_PATH + "{id}", method = RequestMethod.POST)
  @ResponseBody
  ResponseEntity<String> choose(@PathVariable String id,
      @RequestParam(name = "form_token", required = false) String formToken,
      @RequestParam(name = "platform_user_id", required = false) List<String> chosen) {
    List<Account> connected;
    try {
      connected = pending.chooseFromPage(id, formToken, chosen == null ? List.of() : chosen);
    } catch (ApiException e) {
      return switch (e.code()) {
        case NOT_FOUND -> notRecognized();
        case GONE -> Pages.text(410, "Nothing connected", e.getMessage(), STYLE);
        case VALIDATION_ERROR -> pending.formPage(id, formToken)
            .map(p -> form(422, p, chosen == null || chosen.isEmpty() ? "Choose at least one account." : e.getMessage()))
            .orElseGet(PendingPageController::notRecognized);
        default -> Pages.text(e.code().status().value(), "Nothing connected", e.getMessage(), STYLE);
      };
    }
    var items = new StringBuilder("<ul>");
    for (var a : connected) {
      items.append("<li>").append(Pages.escape(label(a.displayName(), a.username(), a.platformUserId())))
          .append(" <span class=\"note\">(account id ").append(Pages.escape(a.id())).append(")</span></li>");
    }
    items.append("</ul>");
    String what = connected.size() == 1 ? "This account is" : "These " + connected.size() + " accounts are";
    return Pages.html(200, "Accounts connected", "<p>" + what + " now connected to Octopost:</p>" + items
        + "<p>You can close this window.</p>", STYLE);
  }

  private static ResponseEntity<String> form(int status, PendingConnections.Page p, String error) {
    var v = p.view();
    var b = new StringBuilder();
    if (error != null) {
      b.append("<p class=\"error\" role=\"alert\">").append(Pages.escape(error)).append("</p>");
    }
    b.append("<p>Your ").append(Pages.escape(v.platform().id())).append(" login granted Octopost ")
        .append(v.candidates().size()).append(" accounts. Choose the ones to connect.</p>");
    b.append("<form method=\"post\" action=\"").append(Pages.escape(v.id())).append("\">");
    b.append("<input type=\"hidden\" name=\"form_token\" value=\"").append(Pages.escape(p.formToken())).append("\">");
    b.append("<fieldset><legend>Accounts</legend><ul class=\"candidates\">");
    int n = 0;
    for (var c : v.candidates()) {
      String inputId = "candidate-" + n++;
      b.append("<li><label for=\"").append(inputId).append("\"><input type=\"checkbox\" id=\"").append(inputId)
          .append("\" name=\"platform_user_id\" value=\"").append(Pages.escape(c.platformUserId())).append("\">");
      if (c.avatarUrl() != null && c.avatarUrl().startsWith("https://")) {
        b.append("<img src=\"").append(Pages.escape(c.avatarUrl())).append("\" alt=\"\">");
      }
      b.append("<span><span class=\"name\">").append(Pages.escape(label(c.displayName(), c.username(), c.platformUserId())))
          .append("</span>");
      if (c.username() != null && !c.username().equals(c.displayName())) {
        b.append("<br><span class=\"handle\">@").append(Pages.escape(c.username())).append("</span>");
      }
      if (c.alreadyConnected()) {
        b.append("<br><span class=\"note\">Already connected: choosing it again renews its access</span>");
      }
      b.append("</span></label></li>");
    }
    b.append("</ul></fieldset><button type=\"submit\">Connect the chosen accounts</button></form>");
    b.append("<p class=\"note\">This choice can be made once, until ").append(Pages.escape(v.expiresAt().toString()))
        .append(".</p>");
    return Pages.html(status, "Choose accounts", b.toString(), STYLE);
  }

  private static String label(String displayName, String username, String platformUserId) {
    if (displayName != null && !displayName.isBlank()) {
      return displayName;
    }
    return username != null && !username.isBlank() ? "@" + username : platformUserId;
  }

  private static ResponseEntity<String> notRecognized() {
    return Pages.text(404, "Link not recognized", "This link is unknown or incomplete. Start the connection again"
        + " from Octopost (GET /v1/accounts/connect-url).", STYLE);
  }
}
