/**
 * Octopost: write a post once, publish it to a dozen networks, exactly once. Each sub-package is
 * a feature; its top-level public types are its face, everything else is package-private.
 */
package ink.octopost;
