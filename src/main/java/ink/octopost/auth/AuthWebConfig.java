package ink.octopost.auth;

import ink.octopost.shared.ApiException;
import ink.octopost.shared.FilterOrder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Wires authentication into the servlet chain and scope checks into Spring MVC. */
@Configuration(proxyBeanMethods = false)
class AuthWebConfig implements WebMvcConfigurer {

  static {
    // The principal is resolved from the request, not sent by clients: keep it out of the docs.
    org.springdoc.core.utils.SpringDocUtils.getConfig().addRequestWrapperToIgnore(ApiKeyPrincipal.class);
  }

  @Bean
  FilterRegistrationBean<ApiKeyAuthFilter> apiKeyAuthFilter(ApiKeyService keys) {
    var bean = new FilterRegistrationBean<>(new ApiKeyAuthFilter(keys));
    bean.setOrder(FilterOrder.AUTHENTICATION);
    return bean;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(new ScopeInterceptor()).addPathPatterns("/v1/**");
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(new PrincipalResolver());
  }

  /** Refuses a request whose key lacks a scope the endpoint names (403). */
  static final class ScopeInterceptor implements HandlerInterceptor {
    @Override
    public boolean preHandle(
        HttpServletRequest request, HttpServletResponse response, Object handler) {
      if (!(handler instanceof HandlerMethod method)) {
        return true;
      }
      RequiresScope required = method.getMethodAnnotation(RequiresScope.class);
      if (required == null) {
        return true;
      }
      var principal = ApiKeyPrincipal.require(request);
      var missing = Arrays.stream(required.value()).filter(s -> !principal.has(s)).toList();
      if (!missing.isEmpty()) {
        throw ApiException.forbidden(
            "This API key lacks the scope "
                + missing.stream().map(Scope::wire).collect(Collectors.joining(", "))
                + " needed here");
      }
      return true;
    }
  }

  /** Lets controllers declare an {@link ApiKeyPrincipal} parameter. */
  static final class PrincipalResolver implements HandlerMethodArgumentResolver {
    @Override
    public boolean supportsParameter(MethodParameter parameter) {
      return parameter.getParameterType().equals(ApiKeyPrincipal.class);
    }

    @Override
    public Object resolveArgument(
        MethodParameter parameter,
        ModelAndViewContainer mav,
        NativeWebRequest request,
        WebDataBinderFactory binders) {
      return ApiKeyPrincipal.require(request.getNativeRequest(HttpServletRequest.class));
    }
  }
}
