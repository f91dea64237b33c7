/**
 * The media library: uploads (multipart and resumable), URL imports through the SSRF-safe outbound
 * client, files typed by sniffing their bytes (never by a name or a Content-Type) and probed from
 * their headers, stored once per workspace in the filesystem or an S3-compatible bucket, fitted to
 * each network once (the variant is kept), and served to networks that pull media through signed,
 * expiring links.
 */
package ink.octopost.media;
