package jp.mamori.authz.stack;

import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.util.Locale;
import jp.mamori.authz.settings.MamoriSettings;
import jp.mamori.policy.Policy;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;
import org.springframework.web.servlet.i18n.SessionLocaleResolver;

/**
 * Japanese first ({@code ?lang=en} switches a session to English); the policy's idle timeout and
 * maximum lifespan on console sessions; the session cookie Secure behind https.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class WebConfiguration implements WebMvcConfigurer {

  @Bean
  LocaleResolver localeResolver() {
    SessionLocaleResolver resolver = new SessionLocaleResolver();
    resolver.setDefaultLocale(Locale.JAPANESE);
    return resolver;
  }

  /** LG-1: the console's sessions end after the policy's idle timeout. */
  @Bean
  HttpSessionListener policyIdleTimeout(Policy policy) {
    int seconds = Math.toIntExact(policy.session().idleTimeout().toSeconds());
    return new HttpSessionListener() {
      @Override
      public void sessionCreated(HttpSessionEvent event) {
        event.getSession().setMaxInactiveInterval(seconds);
      }
    };
  }

  /**
   * The session cookie is {@code Secure} whenever the console's URL is https (behind a
   * TLS-terminating proxy too), so that it never crosses the network in clear.
   */
  @Bean
  org.springframework.boot.web.servlet.ServletContextInitializer secureSessionCookie(
      MamoriSettings settings) {
    return servletContext -> {
      String base = settings.console().baseUrl();
      if (base != null && base.strip().toLowerCase(Locale.ROOT).startsWith("https://")) {
        servletContext.getSessionCookieConfig().setSecure(true);
      }
    };
  }

  /**
   * LG-1: a console session ends after the policy's maximum lifespan whatever the activity (the
   * idle timeout alone would let a session that is used every few minutes live for ever, with the
   * roles it was given at login).
   */
  @Bean
  org.springframework.boot.web.servlet.FilterRegistrationBean<SessionMaxLifespan>
      sessionMaxLifespan(Policy policy, java.time.Clock clock) {
    org.springframework.boot.web.servlet.FilterRegistrationBean<SessionMaxLifespan> bean =
        new org.springframework.boot.web.servlet.FilterRegistrationBean<>(
            new SessionMaxLifespan(policy.session().maxLifespan(), clock));
    bean.setOrder(Integer.MIN_VALUE + 10); // before Spring Security reads the session
    return bean;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    LocaleChangeInterceptor interceptor = new LocaleChangeInterceptor();
    interceptor.setParamName("lang");
    registry.addInterceptor(interceptor);
  }
}
