package ink.octopost.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** @param maxBodySize the largest request body accepted (JSON); larger gets 413 */
@ConfigurationProperties("octopost.http")
record HttpProperties(@DefaultValue("1MB") DataSize maxBodySize) {}
