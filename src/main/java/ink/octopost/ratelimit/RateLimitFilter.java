package ink.octopost.ratelimit;

import ink.octopost.auth.ApiKeyPrincipal;
import ink.octopost.shared.FilterOrder;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/** Every authenticated request takes a token from its key's per-minute bucket. */
class RateLimitFilter extends OncePerRequestFilter {

  private final RateLimits limits;

  RateLimitFilter(RateLimits limits) {
    this.limits = limits;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    var principal = ApiKeyPrincipal.of(request);
    if (principal.isPresent()) {
      limits.consumeRequest(principal.get(), response);
    }
    chain.doFilter(request, response);
  }

  @Configuration(proxyBeanMethods = false)
  static class Registration {
    @Bean
    FilterRegistrationBean<RateLimitFilter> rateLimitFilter(RateLimits limits) {
      var bean = new FilterRegistrationBean<>(new RateLimitFilter(limits));
      bean.setOrder(FilterOrder.RATE_LIMIT);
      return bean;
    }
  }
}
