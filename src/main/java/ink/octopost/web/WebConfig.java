package ink.octopost.web;

import ink.octopost.shared.FilterOrder;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WebConfig {

  @Bean
  FilterRegistrationBean<EdgeFilter> edgeFilter(ErrorRenderer renderer) {
    var bean = new FilterRegistrationBean<>(new EdgeFilter(renderer));
    bean.setOrder(FilterOrder.EDGE);
    return bean;
  }

  @Bean
  FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(HttpProperties http) {
    var bean = new FilterRegistrationBean<>(new BodyLimitFilter(http.maxBodySize().toBytes()));
    bean.setOrder(FilterOrder.BODY_LIMIT);
    return bean;
  }

  /**
   * Every refusal of the container in the envelope: {@link EnvelopeErrorValve} in place of
   * Tomcat's HTML error report on the host, and {@link AsteriskRefusals} around the connector's
   * adapter. The host adds its report valve when it starts, just before its contexts, so the swap
   * happens as the context starts, before any connector accepts a request.
   */
  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> envelopeErrorReports() {
    return factory -> {
      factory.addConnectorCustomizers(connector -> connector.addLifecycleListener(event -> {
        var handler = connector.getProtocolHandler();
        if (Lifecycle.AFTER_INIT_EVENT.equals(event.getType()) && !(handler.getAdapter() instanceof AsteriskRefusals)) {
          handler.setAdapter(new AsteriskRefusals(handler.getAdapter()));
        }
      }));
      factory.addContextCustomizers(context -> context.addLifecycleListener(event -> {
        if (Lifecycle.BEFORE_START_EVENT.equals(event.getType()) && context.getParent() instanceof StandardHost host) {
          useEnvelopeValve(host);
        }
      }));
    };
  }

  private static void useEnvelopeValve(StandardHost host) {
    host.setErrorReportValveClass(EnvelopeErrorValve.class.getName());
    var pipeline = host.getPipeline();
    boolean present = false;
    for (var valve : pipeline.getValves()) {
      if (valve instanceof EnvelopeErrorValve) {
        present = true;
      } else if (valve instanceof ErrorReportValve) {
        pipeline.removeValve(valve);
      }
    }
    if (!present) {
      pipeline.addValve(new EnvelopeErrorValve());
    }
  }
}
