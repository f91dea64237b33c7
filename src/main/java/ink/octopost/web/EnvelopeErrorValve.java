package ink.octopost.web;

import ink.octopost.shared.ErrorCode;
import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's error report, in the envelope. Requests Tomcat refuses before any filter runs (a NUL in
 * a header, {@code %2F} in the path, a negative Content-Length, headers over the size limit) are
 * answered here; everything that reaches the application is answered by {@link ErrorEndpoint}.
 */
class EnvelopeErrorValve extends ErrorReportValve {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    var ioAllowed = new AtomicBoolean(true);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    // A transfer coding or an HTTP version Tomcat does not implement is still the client's
    // request at fault (501, 505): no 5xx for it.
    if (status == 501 || status == 505) {
      status = 400;
      response.setStatus(400);
    }
    String id = requestId(request);
    try {
      response.setHeader(RequestIds.HEADER, id);
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(envelope(status, id));
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // The client is gone or the response is already on its way: nothing more to tell.
    }
  }

  /** The envelope for a bare status, as the container's refusals carry nothing more specific. */
  static String envelope(int status, String requestId) {
    ErrorCode code = ErrorTranslator.forStatus(status);
    var body = new LinkedHashMap<String, Object>();
    body.put("error", message(status));
    body.put("code", code.code());
    body.put("details", Map.of());
    body.put("request_id", requestId);
    return JSON.writeValueAsString(body);
  }

  private static String requestId(Request request) {
    Object id = request.getAttribute(RequestIds.ATTRIBUTE);
    if (id != null) {
      return id.toString();
    }
    try {
      return RequestIds.assign(request);
    } catch (RuntimeException e) {
      // Headers Tomcat could not parse are not worth echoing.
      return RequestIds.fresh();
    }
  }

  private static String message(int status) {
    return switch (status) {
      case 400 -> "Malformed request: the request line, a header or the body framing is not valid HTTP/1.1"
          + " (or uses a transfer coding or HTTP version this server does not support)";
      case 404 -> "Not found";
      case 408 -> "The request took too long to arrive";
      case 413 -> "Request is too large";
      case 414 -> "Request URI is too long";
      case 431 -> "Request headers are too large";
      default -> status >= 500 ? "Internal error: the server failed to handle this request" : "Request refused";
    };
  }
}
