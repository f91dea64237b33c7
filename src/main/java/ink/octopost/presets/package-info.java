/**
 * Presets: saved sets of platforms with cross-linking (the primary platform publishes first and
 * the others carry a template with {@code {link}} set to the primary post's URL). Every workspace
 * has the two system presets, "All Platforms" and "Professional", which cannot be changed, and
 * at most one default preset.
 */
package ink.octopost.presets;
