/**
 * Media a post points at: fetched through the SSRF-safe outbound client, size-capped, and typed
 * by sniffing the bytes (never by trusting a URL's extension or a server's Content-Type), so a
 * connector uploads exactly what the network will accept or refuses it with a clear reason.
 */
package ink.octopost.media;
