package ink.octopost.web;

import ink.octopost.shared.FilterOrder;
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
}
