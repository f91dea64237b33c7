package ink.octopost.networks.linkedin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * LinkedIn settings beyond the base URL and OAuth app ({@code OCTOPOST_NETWORKS_LINKEDIN_BASE_URL},
 * {@code _CLIENT_ID}, {@code _CLIENT_SECRET} in {@link ink.octopost.networks.NetworksProperties}).
 *
 * @param version the {@code LinkedIn-Version} every versioned call sends ({@code OCTOPOST_NETWORKS_LINKEDIN_VERSION},
 *     {@code YYYYMM} or {@code YYYYMM.RR}, {@code 202601} by default as in networks.md 4.2; LinkedIn sunsets a version about a year
 *     after its release)
 * @param loginUrl where LinkedIn's OAuth endpoints live ({@code OCTOPOST_NETWORKS_LINKEDIN_LOGIN_URL},
 *     {@code https://www.linkedin.com} by default; a configured base URL serves both when this is unset)
 * @param organizations whether the login also asks for the organization pages the member administers
 *     ({@code OCTOPOST_NETWORKS_LINKEDIN_ORGANIZATIONS}, false by default: the scopes
 *     {@code w_organization_social rw_organization_admin} need LinkedIn's Community Management API product)
 */
@ConfigurationProperties("octopost.networks.linkedin")
record LinkedInProperties(@DefaultValue(DEFAULT_VERSION) String version, String loginUrl, boolean organizations) {

  static final String DEFAULT_VERSION = "202601";

  static final LinkedInProperties DEFAULTS = new LinkedInProperties(DEFAULT_VERSION, null, false);

  LinkedInProperties {
    version = version == null || version.isBlank() ? DEFAULT_VERSION : version.strip();
    // Only the shape is checked here (digits, optionally LinkedIn's ".NN" revision): whether a version is
    // still active only LinkedIn knows, and it answers an inactive one with "Requested version … is not active".
    if (!version.matches("\\d+(\\.\\d{2})?")) {
      throw new ink.octopost.shared.StartupException(
          "octopost.networks.linkedin.version is not a LinkedIn-Version (YYYYMM): " + version,
          "Set OCTOPOST_NETWORKS_LINKEDIN_VERSION to a version such as " + DEFAULT_VERSION + ".");
    }
    loginUrl = loginUrl == null || loginUrl.isBlank() ? null : strip(loginUrl.strip());
  }

  private static String strip(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
