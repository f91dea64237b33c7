package ink.octopost.media;

import ink.octopost.shared.FilterOrder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Puts the tus frame ({@link TusFilter}) in the servlet chain, inside the edge, before body limits and authentication. */
@Configuration(proxyBeanMethods = false)
class UploadConfig {

  @Bean
  FilterRegistrationBean<TusFilter> tusFilter() {
    var bean = new FilterRegistrationBean<>(new TusFilter());
    bean.setOrder(FilterOrder.EDGE + 5);
    bean.addUrlPatterns("/v1/uploads", "/v1/uploads/*");
    return bean;
  }
}
