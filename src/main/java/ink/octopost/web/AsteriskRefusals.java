package ink.octopost.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.coyote.ActionCode;
import org.apache.coyote.Adapter;
import org.apache.coyote.Request;
import org.apache.coyote.Response;
import org.apache.tomcat.util.net.SocketEvent;

/**
 * Tomcat answers {@code OPTIONS *} itself, before any valve, keeping whatever status its parser
 * already set: {@code OPTIONS * HTTP/7.3} would go out as a bare 505. Such a refusal is answered
 * here, in the envelope, as {@link EnvelopeErrorValve} answers every other one.
 */
final class AsteriskRefusals implements Adapter {

  private final Adapter next;

  AsteriskRefusals(Adapter next) {
    this.next = next;
  }

  @Override
  public void service(Request req, Response res) throws Exception {
    if (res.getStatus() < 400 || !req.requestURI().equals("*")) {
      next.service(req, res);
      return;
    }
    String id = RequestIds.fresh();
    byte[] body = EnvelopeErrorValve.envelope(400, id).getBytes(StandardCharsets.UTF_8);
    res.setStatus(400);
    res.setHeader(RequestIds.HEADER, id);
    res.setContentType("application/json");
    res.setContentLength(body.length);
    res.doWrite(ByteBuffer.wrap(body));
    res.action(ActionCode.CLOSE, null);
  }

  @Override
  public boolean prepare(Request req, Response res) throws Exception {
    return next.prepare(req, res);
  }

  @Override
  public boolean asyncDispatch(Request req, Response res, SocketEvent status) throws Exception {
    return next.asyncDispatch(req, res, status);
  }

  @Override
  public void log(Request req, Response res, long time) {
    next.log(req, res, time);
  }

  @Override
  public void checkRecycled(Request req, Response res) {
    next.checkRecycled(req, res);
  }

  @Override
  public String getDomain() {
    return next.getDomain();
  }
}
